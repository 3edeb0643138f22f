using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Kubo;
using EmrShare.Storage.Reading;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Interop;

/// <summary>Blocks move between the embedded store and a real IPFS node and stay readable on the other side.</summary>
[Collection(JsIpfsCollection.Name)]
public sealed class BlockExchangeTests(JsIpfsFixture ipfs)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task EmbeddedBlocks_BlockPutToDaemon_DaemonCatReturnsBytes(int cidVersion)
    {
        await using var temp = await TempStore.CreateAsync();
        var data = TestData.Bytes(1_300_000, seed: 20 + cidVersion);
        var root = await temp.Store.PutAsync(new MemoryStream(data), new PutOptions(cidVersion), Ct);

        await foreach (var cid in DagWalker.WalkAsync(temp.Store, root, verify: true, Ct))
        {
            var stored = await ipfs.Client.BlockPutAsync(await temp.Store.GetBlockAsync(cid, Ct), cid.Codec, cid.Version, Ct);
            Assert.Equal(cid, stored);
        }

        await using var cat = await ipfs.Client.CatAsync(root, Ct);
        using var copy = new MemoryStream();
        await cat.CopyToAsync(copy, Ct);
        Assert.Equal(data, copy.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task DaemonBlocks_CopiedThroughOurKuboApi_ReadableFromEmbedded(int cidVersion)
    {
        await using var temp = await TempStore.CreateAsync();
        await using var server = await KuboApiServer.StartAdminAsync(temp.Store, 0, KuboAdminApiOptions.LoopbackOnly, Ct);
        using var http = new HttpClient();
        var ours = new KuboRpcClient(http, server.Address);
        var data = TestData.Bytes(900_000, seed: 30 + cidVersion);
        var (root, _) = await ipfs.Client.AddAsync(new MemoryStream(data), cidVersion, pin: true, Ct);

        await foreach (var cid in DagWalker.WalkAsync(ipfs.Store, root, verify: true, Ct))
        {
            Assert.Equal(cid, await ours.BlockPutAsync(await ipfs.Store.GetBlockAsync(cid, Ct), cid.Codec, cid.Version, Ct));
        }

        await ours.PinAddAsync(root, Ct);
        await using var viaApi = await ours.CatAsync(root, Ct);
        using var apiCopy = new MemoryStream();
        await viaApi.CopyToAsync(apiCopy, Ct);
        Assert.Equal(data, apiCopy.ToArray());
        var stat = await temp.Store.StatAsync(root, Ct);
        Assert.True(stat.Pinned);
        Assert.Equal(data.Length, stat.Size);
    }

    [Fact]
    public async Task KuboStore_BlockTamperedInDaemonRepo_ReadFailsWithIntegrityError()
    {
        // Vandalise the daemon's own flatfs block file: the node serves the bad bytes, our client must refuse them.
        var data = TestData.Bytes((2 * 262_144) + 99, seed: 61);
        var root = await ipfs.Store.PutAsync(new MemoryStream(data), PutOptions.Default, Ct);
        var leaf = (await DagWalker.WalkAsync(ipfs.Store, root, verify: true, Ct).ToListAsync(Ct))[2];
        var original = await ipfs.Store.GetBlockAsync(leaf, Ct);
        var file = Directory.EnumerateFiles(Path.Combine(ipfs.Node.RepoPath, "blocks"), "*.data", SearchOption.AllDirectories)
            .Single(f => new FileInfo(f).Length == original.Length && File.ReadAllBytes(f).AsSpan().SequenceEqual(original));
        var tampered = original.ToArray();
        tampered[5] ^= 0x01;
        await File.WriteAllBytesAsync(file, tampered, Ct);
        try
        {
            Assert.Equal(tampered, await ipfs.Client.BlockGetAsync(leaf, Ct)); // the node itself does not notice

            var stream = await ipfs.Store.OpenReadAsync(root, Ct);
            var error = await Assert.ThrowsAsync<BlockIntegrityException>(() => stream.CopyToAsync(Stream.Null, Ct));
            Assert.Equal(leaf, error.Cid);
        }
        finally
        {
            await File.WriteAllBytesAsync(file, original, Ct);
        }
    }
}
