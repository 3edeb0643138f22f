using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Emergency copies the wrong-patient check refused (review finding 8): the custodian's answer as received — the
/// envelope still encrypted, the data key still wrapped for this hospital — kept out of every chart and list until a
/// clinician files it with an override reason or it expires (<see cref="HospitalOptions.EmergencyQuarantineTime"/>).
/// Filing it needs no second request to the custodian, so the patient's data is disclosed once.
/// </summary>
public sealed partial class HospitalDatabase
{
    internal const string QuarantineSchema =
        """
        CREATE TABLE IF NOT EXISTS emergency_quarantine (id TEXT PRIMARY KEY, local_patient_id TEXT NOT NULL, record_id TEXT NOT NULL,
          custodian TEXT NOT NULL, practitioner TEXT NOT NULL, reason_code INTEGER NOT NULL, expected_patient TEXT NULL,
          request_id TEXT NOT NULL, request_tx TEXT NOT NULL, request_block TEXT NOT NULL, request_gas TEXT NOT NULL,
          fulfilment_json TEXT NOT NULL, envelope BLOB NOT NULL, fields TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
        """;

    private const string QuarantineColumns =
        "id AS Id, local_patient_id AS LocalPatientId, record_id AS RecordId, custodian AS Custodian, practitioner AS Practitioner, " +
        "reason_code AS ReasonCode, expected_patient AS ExpectedPatient, request_id AS RequestId, request_tx AS RequestTransaction, " +
        "request_block AS RequestBlock, request_gas AS RequestGas, fulfilment_json AS FulfilmentJson, envelope AS Envelope, fields AS Fields, " +
        "created_at AS CreatedAt, expires_at AS ExpiresAt";

    /// <summary>Keeps a refused emergency copy, with its audit line, in one transaction.</summary>
    public Task InsertQuarantineAsync(QuarantineRow row, AuditRow audit, CancellationToken cancellationToken) =>
        WriteWithAuditAsync(
            "INSERT INTO emergency_quarantine (id, local_patient_id, record_id, custodian, practitioner, reason_code, expected_patient, request_id, request_tx, " +
            "request_block, request_gas, fulfilment_json, envelope, fields, created_at, expires_at) VALUES (@Id, @LocalPatientId, @RecordId, @Custodian, @Practitioner, " +
            "@ReasonCode, @ExpectedPatient, @RequestId, @RequestTransaction, @RequestBlock, @RequestGas, @FulfilmentJson, @Envelope, @Fields, @CreatedAt, @ExpiresAt)",
            row, audit, cancellationToken);

    /// <summary>A quarantined copy that has not expired at <paramref name="now"/>, or null.</summary>
    public async Task<QuarantineRow?> FindQuarantineAsync(string id, long now, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<QuarantineRow>(new CommandDefinition(
            $"SELECT {QuarantineColumns} FROM emergency_quarantine WHERE id = @id AND expires_at > @now", new { id, now }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>How many copies are in quarantine (tests and health; never their content).</summary>
    public async Task<long> CountQuarantineAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM emergency_quarantine", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes one copy (filed, or purged) with its audit line; false when it was already gone.</summary>
    public async Task<bool> DeleteQuarantineAsync(string id, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var removed = await c.ExecuteAsync(new CommandDefinition("DELETE FROM emergency_quarantine WHERE id = @id", new { id }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (removed == 0)
            {
                return false;
            }

            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    /// <summary>Ids and record ids of the copies expired at <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<(string Id, string RecordId)>> ListExpiredQuarantineAsync(long now, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return [.. await c.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT id, record_id FROM emergency_quarantine WHERE expires_at <= @now ORDER BY created_at", new { now }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
    }

    private async Task WriteWithAuditAsync(string sql, object row, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(sql, row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }
}

/// <summary>One refused emergency copy as received (ciphertext and wrapped key), and the request it answered.</summary>
public sealed record QuarantineRow
{
    public string Id { get; init; } = string.Empty;

    public string LocalPatientId { get; init; } = string.Empty;

    public string RecordId { get; init; } = string.Empty;

    public string Custodian { get; init; } = string.Empty;

    public string Practitioner { get; init; } = string.Empty;

    public long ReasonCode { get; init; }

    public string? ExpectedPatient { get; init; }

    public string RequestId { get; init; } = string.Empty;

    public string RequestTransaction { get; init; } = string.Empty;

    public string RequestBlock { get; init; } = string.Empty;

    public string RequestGas { get; init; } = string.Empty;

    /// <summary>The custodian's <c>Fulfilment</c> (manifest, keys, data key wrapped for this hospital): no plaintext.</summary>
    public string FulfilmentJson { get; init; } = string.Empty;

    /// <summary>The encrypted envelope as fetched from the custodian's store.</summary>
    public byte[] Envelope { get; init; } = [];

    /// <summary>Comma-separated field names that differed (no values).</summary>
    public string Fields { get; init; } = string.Empty;

    public long CreatedAt { get; init; }

    public long ExpiresAt { get; init; }
}
