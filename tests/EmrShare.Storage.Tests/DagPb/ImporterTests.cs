using EmrShare.Storage.DagPb;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Tests.Support;

namespace EmrShare.Storage.Tests.DagPb;

public class ImporterTests
{
    private sealed class RecordingSink : IBlockSink
    {
        public List<(Cid Cid, byte[] Block)> Blocks { get; } = [];

        public ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken)
        {
            Blocks.Add((cid, block.ToArray()));
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(262_144)]
    public void Import_SingleChunkV1_IsTheRawLeaf(int size)
    {
        var data = TestData.Bytes(size);
        var sink = new RecordingSink();

        var result = Import(data, 1, sink);

        Assert.Equal(Cid.Create(1, Multicodec.Raw, data), result.Root);
        Assert.Single(sink.Blocks);
        Assert.Equal((ulong)size, result.CumulativeSize);
    }

    [Fact]
    public void Import_175Chunks_BuildsTwoLevelsWithAtMost174Links()
    {
        var data = TestData.Bytes((174 * UnixFsImporter.ChunkSize) + 5, seed: 7);
        var sink = new RecordingSink();

        var result = Import(data, 1, sink);

        // 175 leaves, two level-1 nodes (174 + 1 leaves), one root: every block written once, root last.
        Assert.Equal(178, sink.Blocks.Count);
        Assert.Equal(result.Root, sink.Blocks[^1].Cid);
        var root = DagPbNode.Decode(sink.Blocks[^1].Block);
        Assert.Equal(2, root.Links.Count);
        var rootData = UnixFsData.Decode(root.Data!.Value);
        Assert.Equal((ulong)data.Length, rootData.FileSize);
        Assert.Equal([174UL * UnixFsImporter.ChunkSize, 5UL], rootData.BlockSizes);
        var children = root.Links.Select(l => DagPbNode.Decode(sink.Blocks.Single(b => b.Cid == l.Cid).Block)).ToList();
        Assert.Equal([174, 1], children.Select(c => c.Links.Count));
        Assert.All(sink.Blocks, b => Assert.True(b.Cid.Matches(b.Block)));
    }

    [Fact]
    public void Import_V0_LeavesAreDagPbUnixFsFiles()
    {
        var data = TestData.Bytes(UnixFsImporter.ChunkSize + 1);
        var sink = new RecordingSink();

        var result = Import(data, 0, sink);

        Assert.Equal(0, result.Root.Version);
        Assert.All(sink.Blocks, b => Assert.Equal(0, b.Cid.Version));
        var leaf = UnixFsData.Decode(DagPbNode.Decode(sink.Blocks[0].Block).Data!.Value);
        Assert.Equal(UnixFsType.File, leaf.Type);
        Assert.Equal((ulong)UnixFsImporter.ChunkSize, leaf.FileSize);
        Assert.Equal(data.AsSpan(0, UnixFsImporter.ChunkSize).ToArray(), leaf.Data.ToArray());
    }

    [Fact]
    public async Task Import_OverLimitStreaming_ThrowsBlobTooLarge()
    {
        using var source = new ForwardOnlyStream(new MemoryStream(TestData.Bytes(600_000)));

        await Assert.ThrowsAsync<BlobTooLargeException>(() =>
            UnixFsImporter.ImportAsync(source, 1, NullBlockSink.Instance, 500_000, TestContext.Current.CancellationToken));
    }

    private static ImportResult Import(byte[] data, int version, IBlockSink sink) =>
        UnixFsImporter.ImportAsync(new MemoryStream(data), version, sink, null, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
}
