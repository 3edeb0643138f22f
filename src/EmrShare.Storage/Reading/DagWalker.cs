using System.Runtime.CompilerServices;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// Enumerates every distinct CID of a DAG once (root first, depth first in link order), as Kubo's pin walk does with
/// its visited set: a DAG naming the same block many times (a file of repeated chunks, or a planted DAG whose 40 levels
/// each link the next block twice) costs one visit per distinct block, not one per path.
/// </summary>
public static class DagWalker
{
    /// <summary>
    /// With <paramref name="verify"/>, every dag-pb node is hash-checked and each raw leaf is fetched and
    /// checked too, so a pin is only taken on a complete, intact DAG. Raw leaves are not fetched without it: they have no links.
    /// </summary>
    public static async IAsyncEnumerable<Cid> WalkAsync(
        IBlockSource source, Cid root, bool verify, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var pending = new Stack<Cid>();
        var visited = new HashSet<Cid>();
        pending.Push(root);
        while (pending.TryPop(out var cid))
        {
            if (!visited.Add(cid))
            {
                continue;
            }

            if (cid.Codec == Multicodec.DagPb)
            {
                var block = verify
                    ? await source.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false)
                    : await source.GetRawBlockAsync(cid, cancellationToken).ConfigureAwait(false);
                var node = DagPbNode.Decode(block);
                for (var i = node.Links.Count - 1; i >= 0; i--)
                {
                    pending.Push(node.Links[i].Cid);
                }
            }
            else if (verify)
            {
                await source.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);
            }

            yield return cid;
        }
    }
}
