using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Claiming a request together with what has to be written with the claim (review S3): the read-audit row of an
/// emergency disclosure, or the final signed refusal and its audit line. One SQLite transaction, so a crash leaves
/// either all of it or none of it (the request is then unclaimed and the watcher handles it again at its next poll).
/// </summary>
public sealed partial class HospitalDatabase
{
    /// <summary>
    /// Claims a request (false if it was already claimed, and then nothing is written) and, in the same transaction,
    /// writes its read-audit row and audit line when given. An error in any insert rolls the claim back.
    /// </summary>
    public async Task<bool> TryClaimFulfilmentAsync(FulfilmentRow row, ReadAuditRow? read, AuditRow? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT OR IGNORE INTO fulfilments (request_id, grantee, grant_id, record_id, status, delivery_json, reason, refusal_sig, tx_hash, gas_used, created_at)
                VALUES (@RequestId, @Grantee, @GrantId, @RecordId, @Status, @DeliveryJson, @Reason, @RefusalSignature, @TransactionHash, @GasUsed, @CreatedAt)
                """,
                row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (inserted != 1)
            {
                return false;
            }

            if (read is not null)
            {
                await c.ExecuteAsync(new CommandDefinition(InsertReadSql, read, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            if (audit is not null)
            {
                await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }
}
