using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Embedded;

/// <summary>Single-block removal (Kubo's <c>block rm</c>), which never breaks a pinned DAG.</summary>
public sealed partial class SqliteBlobStore
{
    /// <summary>
    /// Deletes each block unless a pin holds it, as Kubo does: a pinned root answers "pinned: recursive", a block
    /// inside a pinned DAG "pinned via &lt;root&gt;", an absent one "ipld: could not find &lt;cid&gt;" unless
    /// <paramref name="force"/>. Runs under the exclusive gate, like GC, so no put in flight loses a block.
    /// </summary>
    public async Task<IReadOnlyList<(Cid Cid, string? Error)>> RemoveBlocksAsync(IReadOnlyList<Cid> cids, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cids);
        using (await _gate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            var pins = new List<Cid>();
            await foreach (var pin in ListPinsAsync(cancellationToken).ConfigureAwait(false))
            {
                pins.Add(pin);
            }

            var holders = new Dictionary<Cid, Cid>();
            foreach (var pin in pins)
            {
                var dag = new HashSet<Cid>();
                await GarbageCollector.MarkAsync(this, pin, dag, cancellationToken).ConfigureAwait(false);
                foreach (var cid in dag)
                {
                    holders.TryAdd(cid, pin);
                }
            }

            var results = new List<(Cid, string?)>(cids.Count);
            await using var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var cid in cids)
            {
                if (holders.TryGetValue(cid, out var root))
                {
                    results.Add((cid, root.Equals(cid) ? "pinned: recursive" : $"pinned via {root}"));
                    continue;
                }

                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM blocks WHERE cid = $cid";
                delete.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
                var removed = await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
                results.Add((cid, removed || force ? null : $"ipld: could not find {cid}"));
            }

            return results;
        }
    }
}
