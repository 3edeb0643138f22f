using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Embedded;

/// <summary>Pin ages and single-DAG removal, for owners that sweep blobs none of their rows refer to.</summary>
public sealed partial class SqliteBlobStore
{
    /// <summary>Pinned roots pinned at or before <paramref name="cutoff"/> (younger pins may belong to a put in flight).</summary>
    public async Task<IReadOnlyList<Cid>> ListPinsOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cid FROM pins WHERE pinned_at <= $cutoff ORDER BY pinned_at, cid";
        command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeSeconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var pins = new List<Cid>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pins.Add(Cid.FromBytes(reader.GetFieldValue<byte[]>(0)));
        }

        return pins;
    }

    /// <summary>
    /// Unpins <paramref name="root"/> and deletes its blocks that no other pinned DAG reaches; returns the blocks
    /// deleted. Unlike a full GC it never touches blocks outside this DAG, so a put in flight is not harmed.
    /// </summary>
    public async Task<int> RemoveAsync(Cid root, CancellationToken cancellationToken)
    {
        using (await _gate.EnterExclusiveAsync(cancellationToken).ConfigureAwait(false))
        {
            var dag = new HashSet<Cid>();
            await GarbageCollector.MarkAsync(this, root, dag, cancellationToken).ConfigureAwait(false);
            await using (var connection = await OpenWriteConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                await using var unpin = connection.CreateCommand();
                unpin.CommandText = "DELETE FROM pins WHERE cid = $cid";
                unpin.Parameters.AddWithValue("$cid", root.Bytes.ToArray());
                await unpin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return (await GarbageCollector.SweepAsync(this, [.. dag.Select(c => c.Bytes.ToArray())], cancellationToken).ConfigureAwait(false)).Count;
        }
    }
}
