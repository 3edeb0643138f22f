using System.Text;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>
/// One basic (unsharded) UnixFS directory node as Kubo writes it: a dag-pb node whose links are sorted by the
/// bytes of their UTF-8 names and whose Data is UnixFS <c>{Type: Directory}</c>. Kubo switches to a HAMT-sharded
/// directory once the estimated node size (sum of name bytes + CID bytes per link) reaches 256 KiB; this store does
/// not build HAMT shards and refuses such directories (<see cref="DirectoryTooLargeException"/>) instead.
/// </summary>
public static class UnixFsDirectory
{
    /// <summary>Kubo's <c>Internal.UnixFSShardingSizeThreshold</c> default (boxo's HAMTShardingSize).</summary>
    public const int ShardingThresholdBytes = 262_144;

    private static readonly byte[] DirectoryData = new UnixFsData(UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, []).Encode();

    /// <summary>Writes the node to <paramref name="sink"/>; returns its CID and cumulative size (block + every link's Tsize).</summary>
    public static async ValueTask<(Cid Cid, ulong CumulativeSize)> WriteAsync(
        IEnumerable<DagPbLink> entries, int cidVersion, IBlockSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(sink);
        var links = Sort(entries);
        long estimated = 0;
        ulong total = 0;
        foreach (var link in links)
        {
            estimated += Encoding.UTF8.GetByteCount(link.Name) + link.Cid.Bytes.Length;
            total += link.TotalSize;
        }

        if (estimated >= ShardingThresholdBytes)
        {
            throw new DirectoryTooLargeException(links.Count, estimated);
        }

        var block = new DagPbNode(links, DirectoryData).Encode();
        var cid = Cid.Create(cidVersion, Multicodec.DagPb, block);
        await sink.WriteBlockAsync(cid, block, cancellationToken).ConfigureAwait(false);
        return (cid, (ulong)block.Length + total);
    }

    /// <summary>Links in dag-pb's canonical order: by the bytes of the UTF-8 name (what Kubo and js-ipfs both hash).</summary>
    public static List<DagPbLink> Sort(IEnumerable<DagPbLink> links)
    {
        var sorted = links.Select(l => (Key: Encoding.UTF8.GetBytes(l.Name), Link: l)).ToList();
        sorted.Sort((a, b) => a.Key.AsSpan().SequenceCompareTo(b.Key));
        return [.. sorted.Select(s => s.Link)];
    }

    /// <summary>Compares two entry names as dag-pb orders links (UTF-8 bytes, not UTF-16 code units).</summary>
    public static int CompareNames(string a, string b) =>
        Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}

/// <summary>A directory Kubo would shard (HAMT) above its size threshold; this store does not build HAMT shards.</summary>
public sealed class DirectoryTooLargeException : Exception
{
    public DirectoryTooLargeException()
    {
    }

    public DirectoryTooLargeException(string message)
        : base(message)
    {
    }

    public DirectoryTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DirectoryTooLargeException(int entries, long estimatedBytes)
        : base($"a directory of {entries} entries (estimated node size {estimatedBytes} bytes) reaches Kubo's sharding threshold of {UnixFsDirectory.ShardingThresholdBytes} bytes; HAMT-sharded directories are not supported by this store: split it into smaller directories")
    {
    }
}
