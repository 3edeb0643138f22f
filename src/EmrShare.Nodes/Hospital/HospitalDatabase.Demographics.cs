using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The chart's demographics (sealed: AES-GCM under a key derived from the hospital's encryption key) and the log
/// of wrong-patient overrides. Local only: nothing of either ever goes on chain.
/// </summary>
public sealed partial class HospitalDatabase
{
    internal const string DemographicsSchema =
        """
        CREATE TABLE IF NOT EXISTS patient_demographics (local_id TEXT PRIMARY KEY, sealed BLOB NOT NULL, updated_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS demographics_overrides (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, local_id TEXT NOT NULL,
          record_id TEXT NOT NULL, practitioner TEXT NOT NULL, fields TEXT NOT NULL, reason TEXT NOT NULL);
        """;

    public async Task<byte[]?> FindSealedDemographicsAsync(string localId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT sealed FROM patient_demographics WHERE local_id = @localId", new { localId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task SaveSealedDemographicsAsync(string localId, byte[] sealedDemographics, long at, AuditRow? audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO patient_demographics (local_id, sealed, updated_at) VALUES (@localId, @sealedDemographics, @at) " +
                "ON CONFLICT(local_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
                new { localId, sealedDemographics, at }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
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

    public async Task AddDemographicsOverrideAsync(DemographicsOverrideRow row, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO demographics_overrides (at, local_id, record_id, practitioner, fields, reason) VALUES (@At, @LocalId, @RecordId, @Practitioner, @Fields, @Reason)",
                row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task<IReadOnlyList<DemographicsOverrideRow>> ListDemographicsOverridesAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. await c.QueryAsync<DemographicsOverrideRow>(new CommandDefinition(
            "SELECT at AS At, local_id AS LocalId, record_id AS RecordId, practitioner AS Practitioner, fields AS Fields, reason AS Reason FROM demographics_overrides ORDER BY id",
            cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }
}

/// <summary>One record filed into a chart whose patient it did not match, by whose decision and why.</summary>
public sealed record DemographicsOverrideRow
{
    public long At { get; init; }

    public string LocalId { get; init; } = string.Empty;

    public string RecordId { get; init; } = string.Empty;

    public string Practitioner { get; init; } = string.Empty;

    /// <summary>Comma-separated field names that differed (no values).</summary>
    public string Fields { get; init; } = string.Empty;

    public string Reason { get; init; } = string.Empty;
}
