using EmrShare.Storage.DagPb;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;
using static EmrShare.Storage.Tests.Support.KuboCalls;

namespace EmrShare.Storage.Tests.DagPb;

/// <summary>Directory nodes: canonical link order (checked against js-ipfs) and Kubo's sharding threshold.</summary>
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
    public async Task WriteAsync_BelowShardingThreshold_Written()
    {
        var (cid, _) = await UnixFsDirectory.WriteAsync(Links(1023), 1, NullBlockSink.Instance, Ct);

        Assert.Equal(Multicodec.DagPb, cid.Codec);
    }

    [Fact]
    public async Task WriteAsync_AtKuboShardingThreshold_RefusedNotSharded()
    {
        // 1024 links × (220 name bytes + 36 CID bytes) = 262,144: where Kubo switches to a HAMT directory.
        var refusal = await Assert.ThrowsAsync<DirectoryTooLargeException>(async () => await UnixFsDirectory.WriteAsync(Links(1024), 1, NullBlockSink.Instance, Ct));

        Assert.Contains("HAMT", refusal.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<DagPbLink> Links(int count)
    {
        var empty = Cid.Create(1, Multicodec.Raw, []);
        return Enumerable.Range(0, count).Select(i => new DagPbLink(empty, i.ToString("D220", System.Globalization.CultureInfo.InvariantCulture), 0));
    }
}
