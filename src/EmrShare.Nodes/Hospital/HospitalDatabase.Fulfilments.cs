using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>The custodian watcher's state: its block cursor and the requests it handled.</summary>
public sealed partial class HospitalDatabase
{
    private const string FulfilmentColumns =
        "request_id AS RequestId, grantee AS Grantee, grant_id AS GrantId, record_id AS RecordId, status AS Status, " +
        "delivery_json AS DeliveryJson, reason AS Reason, refusal_sig AS RefusalSignature, tx_hash AS TransactionHash, gas_used AS GasUsed, created_at AS CreatedAt";

    /// <summary>The next block a named watcher has to look at, or null before its first run.</summary>
    public async Task<long?> GetCursorAsync(string name, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT next_block FROM watch_cursor WHERE name = @name", new { name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SetCursorAsync(string name, long nextBlock, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO watch_cursor (name, next_block) VALUES (@name, @nextBlock) ON CONFLICT(name) DO UPDATE SET next_block = excluded.next_block",
                new { name, nextBlock }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    /// <summary>Moves a request to its final state ("fulfilled" with tx, or "refused" with a signed reason), with its audit line.</summary>
    public async Task CompleteFulfilmentAsync(FulfilmentRow row, AuditRow? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                """
                UPDATE fulfilments SET status = @Status, delivery_json = @DeliveryJson, reason = @Reason, refusal_sig = @RefusalSignature,
                  tx_hash = @TransactionHash, gas_used = @GasUsed WHERE request_id = @RequestId
                """,
                row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (audit is not null)
            {
                await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task<FulfilmentRow?> FindFulfilmentAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<FulfilmentRow>(new CommandDefinition(
            $"SELECT {FulfilmentColumns} FROM fulfilments WHERE request_id = @requestId", new { requestId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Requests whose fulfilment transaction was staged but not confirmed (the node stopped in between).</summary>
    public async Task<IReadOnlyList<FulfilmentRow>> ListSendingFulfilmentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<FulfilmentRow>(new CommandDefinition(
            $"SELECT {FulfilmentColumns} FROM fulfilments WHERE status = 'sending' ORDER BY created_at", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<FulfilmentRow>> ListFulfilmentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<FulfilmentRow>(new CommandDefinition(
            $"SELECT {FulfilmentColumns} FROM fulfilments ORDER BY created_at, request_id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }
}
