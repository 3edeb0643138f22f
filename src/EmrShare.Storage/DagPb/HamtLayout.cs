using System.Globalization;
using System.Numerics;
using System.Text;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.DagPb;

/// <summary>
/// Where a name sits in a UnixFS HAMT shard, as Kubo (boxo's <c>hamt</c>) and js-ipfs place it: the murmur3-x64-64
/// hash of the name's UTF-8 bytes, read from its most significant bit, gives log2(fanout) bits per level; a link is
/// named by its slot in upper-case hex padded to the width of <c>fanout − 1</c>, followed by the entry name (an
/// entry) or by nothing (a sub-shard).
/// </summary>
public static class HamtLayout
{
    /// <summary>Kubo's default shard width (boxo's DefaultShardWidth).</summary>
    public const int DefaultFanout = 256;

    public static ulong Hash(string name) => Murmur3.Hash64(Encoding.UTF8.GetBytes(name));

    /// <summary>The slot of <paramref name="hash"/> at <paramref name="depth"/> (0 = the root shard).</summary>
    public static int Slot(ulong hash, int depth, int fanout)
    {
        var bits = BitOperations.Log2((uint)fanout);
        var used = bits * (depth + 1);
        if (used > 64)
        {
            throw new DagFormatException($"HAMT shard deeper than the 64-bit name hash allows (depth {depth})");
        }

        return (int)((hash >> (64 - used)) & (ulong)(fanout - 1));
    }

    /// <summary>Hex digits of a slot prefix: 2 for fanout 256.</summary>
    public static int PrefixLength(int fanout) => (fanout - 1).ToString("X", CultureInfo.InvariantCulture).Length;

    public static string Prefix(int slot, int fanout) => slot.ToString("X" + PrefixLength(fanout).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The fanout of a shard node, refused unless a power of two from 8 to 4096 hashed with murmur3-x64-64.</summary>
    public static int FanoutOf(UnixFsData shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        if (shard.Type != UnixFsType.HamtShard)
        {
            throw new DagFormatException($"expected a HAMT shard node, found a UnixFS {shard.Type} node");
        }

        if (shard.HashType != Murmur3.HashType)
        {
            throw new DagFormatException($"HAMT shard hash type 0x{shard.HashType ?? 0:x} is not murmur3-x64-64 (0x22)");
        }

        return shard.Fanout is { } fanout && fanout is >= 8 and <= 4096 && BitOperations.IsPow2(fanout)
            ? (int)fanout
            : throw new DagFormatException($"HAMT shard fanout {shard.Fanout} is not a power of two from 8 to 4096");
    }
}
