using EmrShare.Storage.DagPb;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.DagPb;

/// <summary>Directory nodes: canonical link order (checked against js-ipfs), Kubo's sharding threshold and its name hash.</summary>
[Collection(JsIpfsCollection.Name)]
public sealed class UnixFsDirectoryTests(JsIpfsFixture ipfs)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task WriteAsync_LinksOutOfOrder_SameCidAsJsIpfs(int cidVersion)
    {
        // Arrival order is not name order: "zeta" < "alpha" is wrong, "Upper" sorts first (byte order), the
        // accented name last (its UTF-8 lead byte is above ASCII).
        Part[] files = [new("zeta", "z"u8.ToArray()), new("é", "e"u8.ToArray()), new("alpha", "a"u8.ToArray()), new("Upper", "u"u8.ToArray())];
        using var body = Tree(files);
        var added = await AddAsync(ipfs.Http, ipfs.Node.ApiAddress, $"cid-version={cidVersion}&wrap-with-directory=true" + (cidVersion == 1 ? "&cid-base=base32" : string.Empty), body);
        var links = files.Select(f => added.Single(a => a.Name == f.Path)).Select(a => new DagPbLink(Cid.Parse(a.Hash), a.Name, ulong.Parse(a.Size, System.Globalization.CultureInfo.InvariantCulture)));

        var (cid, size) = await UnixFsDirectory.WriteAsync(links, cidVersion, NullBlockSink.Instance, Ct);

        var wrapper = added.Single(a => a.Name.Length == 0);
        Assert.Equal(wrapper.Hash, cid.ToString());
        Assert.Equal(wrapper.Size, size.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task WriteAsync_AtShardingThreshold_StaysBasic()
    {
        // 1024 links × (220 name bytes + 36 CID bytes) = 262,144: Kubo shards only above it.
        var (cid, _) = await UnixFsDirectory.WriteAsync(Links(1024), 1, NullBlockSink.Instance, Ct);
        var sink = new MemorySink();
        await UnixFsDirectory.WriteAsync(Links(1024), 1, sink, Ct);

        Assert.Equal(UnixFsType.Directory, UnixFsData.Decode(DagPbNode.Decode(sink.Blocks[cid]).Data!.Value).Type);
    }

    [Fact]
    public async Task WriteAsync_AboveShardingThreshold_HamtShardOfFanout256()
    {
        var sink = new MemorySink();

        var (cid, _) = await UnixFsDirectory.WriteAsync(Links(1025), 1, sink, Ct);

        var root = UnixFsData.Decode(DagPbNode.Decode(sink.Blocks[cid]).Data!.Value);
        Assert.Equal(UnixFsType.HamtShard, root.Type);
        Assert.Equal(256UL, root.Fanout);
        Assert.Equal(0x22UL, root.HashType);
    }

    [Theory]
    [InlineData("", 0x0000000000000000UL)]
    [InlineData("hello", 0xcbd8a7b341bd9b02UL)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0xe34bbc7bbc071b6cUL)]
    // Vectors from @multiformats/murmur3 (js-ipfs's hash): its first 8 bytes are h1 big-endian, as Go's murmur3 Sum.
    public void Murmur3_KnownVectors_FirstHalfOfX64128(string text, ulong expected)
    {
        Assert.Equal(expected, Murmur3.Hash64(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    private sealed class MemorySink : IBlockSink
    {
        public Dictionary<Cid, byte[]> Blocks { get; } = [];

        public ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
        {
            Blocks[cid] = block.ToArray();
            return ValueTask.CompletedTask;
        }
    }

    private static IEnumerable<DagPbLink> Links(int count)
    {
        var empty = Cid.Create(1, Multicodec.Raw, []);
        return Enumerable.Range(0, count).Select(i => new DagPbLink(empty, i.ToString("D220", System.Globalization.CultureInfo.InvariantCulture), 0));
    }
}
