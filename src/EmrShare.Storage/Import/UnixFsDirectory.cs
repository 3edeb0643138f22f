using System.Text;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>
/// A UnixFS directory as Kubo writes it: a basic directory (a dag-pb node whose links are sorted by the bytes of
/// their UTF-8 names, Data UnixFS <c>{Type: Directory}</c>), or, once its estimated node size passes 256 KiB, a
/// HAMT-sharded directory (<see cref="HamtShardWriter"/>). The estimate is boxo's "links" size estimation, Kubo's
/// default: the sum over links of the name's UTF-8 bytes plus the CID's bytes; a directory exactly at the threshold
/// stays basic (boxo and ipfs-unixfs-importer both shard only above it).
/// </summary>
public static class UnixFsDirectory
{
    /// <summary>Kubo's <c>Internal.UnixFSShardingSizeThreshold</c> default (boxo's HAMTShardingSize).</summary>
    public const int ShardingThresholdBytes = 262_144;

    private static readonly byte[] DirectoryData = new UnixFsData(UnixFsType.Directory, ReadOnlyMemory<byte>.Empty, null, []).Encode();

    /// <summary>Writes the directory to <paramref name="sink"/>; returns its CID and cumulative size (blocks + every link's Tsize).</summary>
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

        if (estimated > ShardingThresholdBytes)
        {
            return await HamtShardWriter.WriteAsync(links, cidVersion, sink, cancellationToken).ConfigureAwait(false);
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
