using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>
/// Writes a HAMT-sharded UnixFS directory as Kubo and js-ipfs build it: fanout 256, entries placed by
/// <see cref="HamtLayout"/>, a slot holding two entries split into a sub-shard one level down; each shard node is
/// dag-pb with links in slot order and UnixFS <c>{Type: HAMTShard, Data: bitfield, hashType: 0x22, fanout: 256}</c>,
/// the bitfield big-endian (slot 0 is the lowest bit of the last byte) without leading zero bytes.
/// </summary>
internal static class HamtShardWriter
{
    /// <summary>Writes the shard nodes (sub-shards before their parents); returns the root's CID and cumulative size.</summary>
    public static ValueTask<(Cid Cid, ulong CumulativeSize)> WriteAsync(
        IEnumerable<DagPbLink> entries, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var root = new Bucket(0, HamtLayout.DefaultFanout);
        foreach (var entry in entries)
        {
            root.Insert(new Leaf(entry, HamtLayout.Hash(entry.Name)));
        }

        return WriteBucketAsync(root, cidVersion, sink, cancellationToken);
    }

    private static async ValueTask<(Cid Cid, ulong CumulativeSize)> WriteBucketAsync(
        Bucket bucket, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var links = new List<DagPbLink>();
        var bitfield = new byte[bucket.Fanout / 8];
        ulong total = 0;
        for (var slot = 0; slot < bucket.Fanout; slot++)
        {
            var prefix = HamtLayout.Prefix(slot, bucket.Fanout);
            DagPbLink? link = bucket.Slots[slot] switch
            {
                null => null,
                Leaf leaf => leaf.Link with { Name = prefix + leaf.Link.Name },
                Bucket sub => await WriteSubShardAsync(sub, prefix, cidVersion, sink, cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException("unknown HAMT slot"),
            };
            if (link is null)
            {
                continue;
            }

            bitfield[bitfield.Length - 1 - (slot / 8)] |= (byte)(1 << (slot % 8));
            links.Add(link);
            total += link.TotalSize;
        }

        var used = bitfield.AsSpan().IndexOfAnyExcept((byte)0);
        var data = new UnixFsData(UnixFsType.HamtShard, used < 0 ? ReadOnlyMemory<byte>.Empty : bitfield.AsMemory(used), null, [])
        {
            HashType = Murmur3.HashType,
            Fanout = (ulong)bucket.Fanout,
        };
        var block = new DagPbNode(links, data.Encode()).Encode();
        var cid = Cid.Create(cidVersion, Multicodec.DagPb, block);
        await sink.WriteBlockAsync(cid, block, cancellationToken).ConfigureAwait(false);
        return (cid, (ulong)block.Length + total);
    }

    private static async ValueTask<DagPbLink> WriteSubShardAsync(Bucket sub, string prefix, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        var (cid, size) = await WriteBucketAsync(sub, cidVersion, sink, cancellationToken).ConfigureAwait(false);
        return new DagPbLink(cid, prefix, size);
    }

    private sealed record Leaf(DagPbLink Link, ulong Hash);

    private sealed class Bucket(int depth, int fanout)
    {
        public int Fanout => fanout;

        public object?[] Slots { get; } = new object?[fanout];

        public void Insert(Leaf leaf)
        {
            var slot = HamtLayout.Slot(leaf.Hash, depth, fanout);
            switch (Slots[slot])
            {
                case null:
                    Slots[slot] = leaf;
                    break;
                case Bucket sub:
                    sub.Insert(leaf);
                    break;
                case Leaf other:
                    var split = new Bucket(depth + 1, fanout);
                    split.Insert(other);
                    split.Insert(leaf);
                    Slots[slot] = split;
                    break;
            }
        }
    }
}
