using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>What a UnixFS block is, as <c>ls</c>, <c>get</c> and <c>files/stat</c> report it.</summary>
public sealed record UnixFsNode(Cid Cid, UnixFsType Type, ulong FileSize, IReadOnlyList<DagPbLink> Links, ReadOnlyMemory<byte> Data, int BlockSize)
{
    public bool IsDirectory => Type is UnixFsType.Directory or UnixFsType.HamtShard;

    /// <summary>The UnixFS data of a HAMT shard node (its fanout and hash type); null for any other node.</summary>
    public UnixFsData? Shard { get; init; }

    /// <summary>Reads and verifies <paramref name="cid"/>: a raw block is a file of its bytes; a dag-pb block must carry UnixFS data.</summary>
    public static async Task<UnixFsNode> ReadAsync(IBlockSource source, Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var block = await source.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);
        if (cid.Codec == Multicodec.Raw)
        {
            return new UnixFsNode(cid, UnixFsType.Raw, (ulong)block.Length, [], block, block.Length);
        }

        if (cid.Codec != Multicodec.DagPb)
        {
            throw new DagFormatException("unsupported block codec " + Multicodec.Name(cid.Codec));
        }

        var node = DagPbNode.Decode(block);
        var unixFs = UnixFsData.Decode(node.Data ?? throw new DagFormatException("dag-pb node without UnixFS data"));
        var size = unixFs.Type is UnixFsType.File or UnixFsType.Raw ? unixFs.FileSize ?? (ulong)unixFs.Data.Length : 0;
        return new UnixFsNode(cid, unixFs.Type, size, node.Links, unixFs.Data, block.Length)
        {
            Shard = unixFs.Type == UnixFsType.HamtShard ? unixFs : null,
        };
    }
}
