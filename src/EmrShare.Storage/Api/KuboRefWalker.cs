using System.Runtime.CompilerServices;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's RefWriter: every link under a root, depth first in link order, each child fetched (and verified) before
/// it is written. <c>unique</c> writes a CID once over all roots of the request; <c>maxDepth</c> -1 is unlimited.
/// </summary>
internal sealed class KuboRefWalker(IBlockSource source, bool unique, int maxDepth)
{
    private readonly Dictionary<Cid, int> _seen = [];

    public async IAsyncEnumerable<(Cid Source, Cid Target, string Name)> WalkAsync(Cid root, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rootBlock = await source.GetVerifiedAsync(root, cancellationToken).ConfigureAwait(false);
        var stack = new Stack<(Cid Cid, IReadOnlyList<DagPbLink> Links, int Next, int Depth)>();
        stack.Push((root, LinksOf(root, rootBlock), 0, 0));
        while (stack.TryPop(out var frame))
        {
            if (frame.Next >= frame.Links.Count)
            {
                continue;
            }

            stack.Push(frame with { Next = frame.Next + 1 });
            var link = frame.Links[frame.Next];
            var (goDeeper, write) = Visit(link.Cid, frame.Depth + 1);
            if (!goDeeper && !write)
            {
                continue;
            }

            var block = await source.GetVerifiedAsync(link.Cid, cancellationToken).ConfigureAwait(false);
            if (write)
            {
                yield return (frame.Cid, link.Cid, link.Name);
            }

            if (goDeeper)
            {
                stack.Push((link.Cid, LinksOf(link.Cid, block), 0, frame.Depth + 1));
            }
        }
    }

    private static IReadOnlyList<DagPbLink> LinksOf(Cid cid, byte[] block) =>
        cid.Codec == Multicodec.DagPb ? DagPbNode.Decode(block).Links : [];

    /// <summary>Kubo's RefWriter.visit: (go deeper, write) for a child at <paramref name="depth"/>.</summary>
    private (bool GoDeeper, bool Write) Visit(Cid cid, int depth)
    {
        var atMax = maxDepth >= 0 && depth == maxDepth;
        if (maxDepth >= 0 && depth > maxDepth)
        {
            return (false, false);
        }

        if (!unique)
        {
            return (!atMax, true);
        }

        var seen = _seen.TryGetValue(cid, out var oldDepth);
        if (maxDepth < 0)
        {
            if (seen)
            {
                return (false, false);
            }

            _seen[cid] = depth;
            return (true, true);
        }

        if (!seen || oldDepth > depth)
        {
            _seen[cid] = depth;
            return (!atMax, !seen);
        }

        return (false, false);
    }
}
