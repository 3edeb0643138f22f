using System.Runtime.CompilerServices;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// The entries of a UnixFS directory, basic or HAMT-sharded, as Kubo lists and resolves them: a basic directory's
/// links as they are; a shard's entries in slot order, sub-shards expanded in place and slot prefixes removed. A
/// name is found in a shard by its hash, reading only the shards on its way. Every block is verified. A listing
/// counts each entry against the caller's <see cref="DirectoryWalkBudget"/> and refuses a sub-shard CID named twice in
/// one directory (no real shard repeats one; a hand-made one that does would list exponentially many entries).
/// </summary>
public static class UnixFsDirectoryEntries
{
    /// <summary>The entries of <paramref name="directory"/> (a Directory or HAMTShard node), named without shard prefixes.</summary>
    public static async IAsyncEnumerable<DagPbLink> ListAsync(
        IBlockSource source, UnixFsNode directory, DirectoryWalkBudget budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(budget);
        if (directory.Shard is null)
        {
            foreach (var link in directory.Links)
            {
                budget.Take();
                yield return link;
            }

            yield break;
        }

        var fanout = HamtLayout.FanoutOf(directory.Shard);
        var subShards = new HashSet<Cid>();
        await foreach (var entry in ShardEntriesAsync(source, directory.Links, fanout, 0, subShards, cancellationToken).ConfigureAwait(false))
        {
            budget.Take();
            yield return entry;
        }
    }

    /// <summary>The entry named <paramref name="name"/> in a directory node's links and UnixFS data, or null.</summary>
    public static async Task<DagPbLink?> FindAsync(
        IBlockSource source, IReadOnlyList<DagPbLink> links, UnixFsData? unixFs, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (unixFs?.Type != UnixFsType.HamtShard)
        {
            return links.FirstOrDefault(l => l.Name == name);
        }

        var fanout = HamtLayout.FanoutOf(unixFs);
        var prefixLength = HamtLayout.PrefixLength(fanout);
        var hash = HamtLayout.Hash(name);
        for (var depth = 0; ; depth++)
        {
            var prefix = HamtLayout.Prefix(HamtLayout.Slot(hash, depth, fanout), fanout);
            var link = links.FirstOrDefault(l => l.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            if (link is null)
            {
                return null;
            }

            if (link.Name.Length > prefixLength)
            {
                return link.Name.AsSpan(prefixLength).SequenceEqual(name) ? link with { Name = name } : null;
            }

            links = (await ReadSubShardAsync(source, link, fanout, cancellationToken).ConfigureAwait(false)).Links;
        }
    }

    private static async IAsyncEnumerable<DagPbLink> ShardEntriesAsync(
        IBlockSource source, IReadOnlyList<DagPbLink> links, int fanout, int depth, HashSet<Cid> subShards, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A shard holds at most one level per log2(fanout) bits of the 64-bit hash: deeper is a malformed DAG.
        _ = HamtLayout.Slot(0, depth, fanout);
        var prefixLength = HamtLayout.PrefixLength(fanout);
        foreach (var link in links)
        {
            if (link.Name.Length < prefixLength)
            {
                throw new DagFormatException($"HAMT shard link \"{link.Name}\" is shorter than its slot prefix");
            }

            if (link.Name.Length > prefixLength)
            {
                yield return link with { Name = link.Name[prefixLength..] };
                continue;
            }

            if (!subShards.Add(link.Cid))
            {
                throw new DagFormatException($"HAMT sub-shard {link.Cid} appears more than once in one directory");
            }

            var sub = await ReadSubShardAsync(source, link, fanout, cancellationToken).ConfigureAwait(false);
            await foreach (var entry in ShardEntriesAsync(source, sub.Links, fanout, depth + 1, subShards, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }
    }

    private static async Task<UnixFsNode> ReadSubShardAsync(IBlockSource source, DagPbLink link, int fanout, CancellationToken cancellationToken)
    {
        var sub = await UnixFsNode.ReadAsync(source, link.Cid, cancellationToken).ConfigureAwait(false);
        return sub.Shard is { } shard && HamtLayout.FanoutOf(shard) == fanout
            ? sub
            : throw new DagFormatException($"HAMT sub-shard {link.Cid} is not a shard of fanout {fanout}");
    }
}
