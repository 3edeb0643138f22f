using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Tests.Support;

/// <summary>
/// Behaviour every <see cref="IBlobStore"/> must show, run against the embedded store, a Kubo client on the
/// js-ipfs daemon, and a Kubo client on this project's own Kubo-compatible server.
/// </summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    protected IBlobStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected abstract Task<IBlobStore> CreateStoreAsync();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData((3 * UnixFsImporter.ChunkSize) + 7, 1)]
    [InlineData(0, 0)]
    [InlineData((3 * UnixFsImporter.ChunkSize) + 7, 0)]
    public async Task PutOpenRead_Content_RoundTripsWithStat(int size, int cidVersion)
    {
        var data = TestData.Bytes(size, seed: 1000 + size + cidVersion);

        var cid = await Store.PutAsync(new MemoryStream(data), new PutOptions(cidVersion), Ct);

        var expected = await UnixFsImporter.ImportAsync(new MemoryStream(data), cidVersion, NullBlockSink.Instance, null, Ct);
        Assert.Equal(expected.Root, cid);
        Assert.True(await Store.HasAsync(cid, Ct));
        Assert.Equal(data, await ReadAllAsync(cid));
        var stat = await Store.StatAsync(cid, Ct);
        Assert.Equal(size, stat.Size);
        Assert.True(stat.Pinned);
    }

    [Fact]
    public async Task Unpin_PinnedBlob_NoLongerPinnedButListedBefore()
    {
        var cid = await Store.PutAsync(new MemoryStream(TestData.Bytes(5000, seed: 77)), PutOptions.Default, Ct);
        Assert.Contains(cid, await ListPinsAsync());

        await Store.UnpinAsync(cid, Ct);

        Assert.False((await Store.StatAsync(cid, Ct)).Pinned);
        Assert.DoesNotContain(cid, await ListPinsAsync());
        await Store.PinAsync(cid, Ct);
        Assert.True((await Store.StatAsync(cid, Ct)).Pinned);
    }

    [Fact]
    public async Task OpenRead_UnknownCid_ThrowsBlobNotFound()
    {
        var unknown = Cid.Create(1, Multicodec.Raw, Guid.NewGuid().ToByteArray());

        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenReadAsync(unknown, Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.StatAsync(unknown, Ct));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.PinAsync(unknown, Ct));
        Assert.False(await Store.HasAsync(unknown, Ct));
    }

    [Fact]
    public async Task CollectGarbage_UnpinnedBlob_RemovedPinnedKept()
    {
        var kept = await Store.PutAsync(new MemoryStream(TestData.Bytes(300_000, seed: 5)), PutOptions.Default, Ct);
        var dropped = await Store.PutAsync(new MemoryStream(TestData.Bytes(300_000, seed: 6)), new PutOptions(Pin: false), Ct);
        Assert.True(await Store.HasAsync(dropped, Ct));

        await Store.CollectGarbageAsync(Ct);

        Assert.False(await Store.HasAsync(dropped, Ct));
        Assert.Equal(TestData.Bytes(300_000, seed: 5), await ReadAllAsync(kept));
    }

    protected async Task<byte[]> ReadAllAsync(Cid cid)
    {
        var stream = await Store.OpenReadAsync(cid, Ct);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Ct);
            return copy.ToArray();
        }
    }

    private async Task<List<Cid>> ListPinsAsync()
    {
        var pins = new List<Cid>();
        await foreach (var pin in Store.ListPinsAsync(Ct))
        {
            pins.Add(pin);
        }

        return pins;
    }
}
