using EmrShare.Storage.Import;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.Interop;

/// <summary>The embedded importer must give byte-for-byte the CIDs a real IPFS node gives for the same file.</summary>
[Collection(JsIpfsCollection.Name)]
public class CidEqualityTests(JsIpfsFixture ipfs)
{
    private const int Chunk = UnixFsImporter.ChunkSize;

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (var size in new[] { 0, 1, Chunk - 1, Chunk, Chunk + 1, 10_000_000 })
        {
            data.Add(size, 1);
            data.Add(size, 0);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Import_SameBytes_SameCidAsJsIpfs(int size, int cidVersion)
    {
        var ct = TestContext.Current.CancellationToken;
        var data = TestData.Bytes(size, seed: size + cidVersion);

        var ours = await UnixFsImporter.ImportAsync(new MemoryStream(data), cidVersion, NullBlockSink.Instance, null, ct);
        var (theirs, theirSize) = await ipfs.Client.AddAsync(new MemoryStream(data), cidVersion, pin: false, ct);

        Assert.Equal(theirs.ToString(), ours.Root.ToString());
        Assert.Equal(theirSize, ours.CumulativeSize);
    }

    [Fact]
    public async Task Import_MoreThan174Chunks_SecondLayerSameCidAsJsIpfsForBothVersions()
    {
        var ct = TestContext.Current.CancellationToken;
        // 175 chunks + a tail: forces a second level of dag-pb nodes (one node holds at most 174 links).
        var data = TestData.Bytes((175 * Chunk) + 12_345, seed: 175);

        foreach (var cidVersion in new[] { 1, 0 })
        {
            var ours = await UnixFsImporter.ImportAsync(new MemoryStream(data), cidVersion, NullBlockSink.Instance, null, ct);
            var (theirs, theirSize) = await ipfs.Client.AddAsync(new MemoryStream(data), cidVersion, pin: false, ct);

            Assert.Equal(theirs.ToString(), ours.Root.ToString());
            Assert.Equal(theirSize, ours.CumulativeSize);
            Assert.Equal(176 + 2 + 1, ours.BlockCount);
        }
    }
}
