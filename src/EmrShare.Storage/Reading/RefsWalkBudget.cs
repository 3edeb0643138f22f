using System.Globalization;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// The cap on one <c>refs</c> request without <c>unique</c>, where Kubo lists a block once per path to it: a planted DAG
/// of 40 levels each linking the next block twice would list 2^40 refs from 40 stored blocks. Before anything is
/// written, <see cref="EnsureWithinAsync"/> counts the refs the walk would list (each dag-pb node fetched once,
/// memoised per remaining depth; raw leaves are not fetched) and refuses with <see cref="DagFormatException"/> (400 with
/// Kubo's error object) when they exceed the distinct blocks by more than the limit. A tree of any size repeats nothing
/// and a file of one repeated chunk repeats its leaf once per chunk, so real DAGs stay far below it; <c>unique=true</c>
/// lists each block once and needs no check.
/// </summary>
public static class RefsWalkBudget
{
    /// <summary>The most repeated refs one request may list: a 25 GB file of one repeated chunk, far below what costs minutes.</summary>
    public const long MaxRepeats = 100_000;

    /// <summary>Throws when the walks of <paramref name="roots"/> to <paramref name="maxDepth"/> (-1: unlimited) would repeat refs more than <paramref name="limit"/> times.</summary>
    public static async Task EnsureWithinAsync(IBlockSource source, IEnumerable<Cid> roots, int maxDepth, CancellationToken cancellationToken, long limit = MaxRepeats)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var counter = new Counter(source, limit);
        foreach (var root in roots)
        {
            await counter.AddAsync(root, maxDepth, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Counter(IBlockSource source, long limit)
    {
        private readonly Dictionary<(Cid Cid, int Depth), long> _refsBelow = [];
        private readonly Dictionary<Cid, IReadOnlyList<DagPbLink>> _links = [];
        private readonly HashSet<Cid> _distinct = [];
        private long _total;

        /// <summary>Adds the refs listed under <paramref name="root"/>: iterative post-order, so a deep DAG cannot overflow the stack.</summary>
        public async Task AddAsync(Cid root, int maxDepth, CancellationToken ct)
        {
            if (maxDepth == 0)
            {
                return;
            }

            var stack = new Stack<Frame>();
            stack.Push(new Frame(root, maxDepth, await LinksAsync(root, ct).ConfigureAwait(false)));
            while (stack.TryPeek(out var frame))
            {
                if (frame.Next == frame.Links.Count)
                {
                    stack.Pop();
                    _refsBelow[(frame.Cid, frame.Depth)] = frame.Refs;
                    if (stack.TryPeek(out var parent))
                    {
                        parent.Add(frame.Refs);
                    }
                    else
                    {
                        _total = Math.Min(_total + frame.Refs, Frame.Saturated);
                        Check();
                    }

                    continue;
                }

                var child = frame.Links[frame.Next].Cid;
                _distinct.Add(child);
                var depth = frame.Depth < 0 ? -1 : frame.Depth - 1;
                if (depth == 0 || child.Codec != Multicodec.DagPb)
                {
                    frame.Add(0);
                }
                else if (_refsBelow.TryGetValue((child, depth), out var below))
                {
                    frame.Add(below);
                }
                else
                {
                    stack.Push(new Frame(child, depth, await LinksAsync(child, ct).ConfigureAwait(false)));
                }
            }
        }

        private void Check()
        {
            if (_total - _distinct.Count > limit)
            {
                throw new DagFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"the walk would list the same blocks more than {limit} times, the most one request may; pass unique=true to list each block once"));
            }
        }

        private async Task<IReadOnlyList<DagPbLink>> LinksAsync(Cid cid, CancellationToken ct)
        {
            if (cid.Codec != Multicodec.DagPb)
            {
                return [];
            }

            if (!_links.TryGetValue(cid, out var links))
            {
                try
                {
                    links = DagPbNode.Decode(await source.GetVerifiedAsync(cid, ct).ConfigureAwait(false)).Links;
                }
                catch (BlobNotFoundException)
                {
                    // The walk itself reports a missing block where it meets it, as Kubo's does.
                    links = [];
                }

                _links[cid] = links;
            }

            return links;
        }
    }

    /// <summary>One dag-pb node being counted: its links, the next to count, and the refs listed under it so far.</summary>
    private sealed class Frame(Cid cid, int depth, IReadOnlyList<DagPbLink> links)
    {
        /// <summary>Counts stop here (2^62): far past any limit, and adding two never overflows.</summary>
        public const long Saturated = long.MaxValue / 2;

        public Cid Cid => cid;

        public int Depth => depth;

        public IReadOnlyList<DagPbLink> Links => links;

        public int Next { get; private set; }

        public long Refs { get; private set; }

        /// <summary>Counts the current link (one ref) plus <paramref name="below"/> refs under it, and moves on.</summary>
        public void Add(long below)
        {
            Refs = Math.Min(Refs + 1 + below, Saturated);
            Next++;
        }
    }
}
