using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// Mark and sweep over the embedded store. Marking follows pinned DAGs (reading only dag-pb nodes); a node
/// that no longer decodes is kept but not followed, so corruption never makes GC delete more than it should.
/// Callers hold the store's gate exclusively.
/// </summary>
internal static class GarbageCollector
{
    /// <summary>Deletes unreachable blocks — all of them, or only those among <paramref name="candidates"/>; returns the removed ones.</summary>
    public static async Task<IReadOnlyList<Cid>> SweepAsync(SqliteBlobStore store, IReadOnlyList<byte[]>? candidates, CancellationToken cancellationToken)
    {
        var reachable = new HashSet<Cid>();
        var pins = new List<Cid>();
        await foreach (var pin in store.ListPinsAsync(cancellationToken).ConfigureAwait(false))
        {
            pins.Add(pin);
        }

        foreach (var pin in pins)
        {
            await MarkAsync(store, pin, reachable, cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var doomed = new List<byte[]>();
        if (candidates is null)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT cid FROM blocks";
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var bytes = reader.GetFieldValue<byte[]>(0);
                if (!reachable.Contains(Cid.FromBytes(bytes)))
                {
                    doomed.Add(bytes);
                }
            }
        }
        else
        {
            doomed.AddRange(candidates.Where(c => !reachable.Contains(Cid.FromBytes(c))));
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM blocks WHERE cid = $cid";
        var parameter = delete.Parameters.Add("$cid", Microsoft.Data.Sqlite.SqliteType.Blob);
        var removed = new List<Cid>();
        foreach (var cid in doomed)
        {
            parameter.Value = cid;
            if (await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0)
            {
                removed.Add(Cid.FromBytes(cid));
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return removed;
    }

    internal static async Task MarkAsync(SqliteBlobStore store, Cid root, HashSet<Cid> reachable, CancellationToken cancellationToken)
    {
        var pending = new Stack<Cid>();
        pending.Push(root);
        while (pending.TryPop(out var cid))
        {
            if (!reachable.Add(cid) || cid.Codec != Multicodec.DagPb)
            {
                continue;
            }

            try
            {
                var block = await ((IBlockSource)store).GetRawBlockAsync(cid, cancellationToken).ConfigureAwait(false);
                foreach (var link in DagPbNode.Decode(block).Links)
                {
                    pending.Push(link.Cid);
                }
            }
            catch (Exception ex) when (ex is BlobNotFoundException or DagFormatException)
            {
                // A missing or unreadable node cannot lead anywhere; keep whatever else is marked.
            }
        }
    }
}
