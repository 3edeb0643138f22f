using EmrShare.Fuzz.Tests.Infrastructure;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Fuzz.Tests.Storage;

/// <summary>dag-pb and UnixFS decoding of untrusted blocks: only <see cref="DagFormatException"/>; decoded nodes re-encode stably.</summary>
public sealed class DagPbFuzzTests
{
    private static readonly byte[] FileData = new UnixFsData(UnixFsType.File, ReadOnlyMemory<byte>.Empty, 600_000, [262_144, 262_144, 75_712]).Encode();

    private static readonly byte[][] NodeSeeds =
    [
        new DagPbNode(
            [
                new DagPbLink(Cid.Create(1, Multicodec.Raw, "a"u8), string.Empty, 262_144),
                new DagPbLink(Cid.Create(1, Multicodec.Raw, "b"u8), "named", 262_144),
                new DagPbLink(Cid.Create(0, Multicodec.DagPb, "c"u8), string.Empty, 75_712),
            ],
            FileData).Encode(),
        new DagPbNode([], new UnixFsData(UnixFsType.File, "leaf bytes"u8.ToArray(), 10, []).Encode()).Encode(),
        new DagPbNode([], new UnixFsData(UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, []).Encode()).Encode(),
        new DagPbNode([], null).Encode(),
    ];

    private static readonly byte[][] UnixFsSeeds =
    [
        FileData,
        new UnixFsData(UnixFsType.File, "leaf"u8.ToArray(), 4, []).Encode(),
        new UnixFsData(UnixFsType.Raw, ReadOnlyMemory<byte>.Empty, null, []).Encode(),
    ];

    [Fact]
    public async Task DagPbNodeDecode_MutatedBlocks_OnlyDagFormatException()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "DagPbNode.Decode",
            random => Mutator.Bytes(random, NodeSeeds),
            block =>
            {
                var node = DagPbNode.Decode(block);
                var again = DagPbNode.Decode(node.Encode());
                FuzzInvariantException.Require(SameNode(node, again), "decoded node does not survive encode/decode");
                if (node.Data is { } data)
                {
                    // A walker decodes the UnixFS payload next; it sees the same untrusted bytes.
                    _ = UnixFsData.Decode(data);
                }
            },
            e => e is DagFormatException,
            Convert.ToHexStringLower);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task UnixFsDataDecode_MutatedPayloads_OnlyDagFormatException()
    {
        var target = FuzzTarget<byte[]>.Sync(
            "UnixFsData.Decode",
            random => Mutator.Bytes(random, UnixFsSeeds, 64),
            bytes =>
            {
                var decoded = UnixFsData.Decode(bytes);
                var again = UnixFsData.Decode(decoded.Encode());
                FuzzInvariantException.Require(
                    again.Type == decoded.Type && again.FileSize == decoded.FileSize
                    && again.Data.Span.SequenceEqual(decoded.Data.Span) && again.BlockSizes.SequenceEqual(decoded.BlockSizes),
                    "decoded UnixFS data does not survive encode/decode");
            },
            e => e is DagFormatException,
            Convert.ToHexStringLower);
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    private static bool SameNode(DagPbNode a, DagPbNode b) =>
        a.Links.SequenceEqual(b.Links)
        && a.Data.HasValue == b.Data.HasValue
        && (a.Data is not { } data || data.Span.SequenceEqual(b.Data!.Value.Span));
}
