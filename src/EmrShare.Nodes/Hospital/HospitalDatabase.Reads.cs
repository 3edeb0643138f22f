using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The read audit (one row per decrypting read or refused attempt, written by <see cref="RecordReader"/> before any
/// plaintext exists) and the care assignments that give a clinician need-to-know about a patient.
/// </summary>
public sealed partial class HospitalDatabase
{
    private const string ReadAuditSchema =
        """

        CREATE TABLE IF NOT EXISTS record_reads (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL,
          role TEXT NOT NULL, record_id TEXT NOT NULL, version INTEGER NULL, local_patient_id TEXT NULL, route TEXT NOT NULL,
          basis TEXT NOT NULL CHECK (basis IN ('check-in','assignment','break-glass','refused')), reason TEXT NULL, tx_hash TEXT NULL);
        CREATE TABLE IF NOT EXISTS care_assignments (actor TEXT NOT NULL, local_patient_id TEXT NOT NULL, assigned_by TEXT NOT NULL,
          at INTEGER NOT NULL, PRIMARY KEY (actor, local_patient_id));
        """;

    private const string InsertReadSql =
        "INSERT INTO record_reads (at, actor, role, record_id, version, local_patient_id, route, basis, reason, tx_hash) " +
        "VALUES (@At, @Actor, @Role, @RecordId, @Version, @LocalPatientId, @Route, @Basis, @Reason, @TransactionHash)";

    private const string ReadColumns =
        "id AS Id, at AS At, actor AS Actor, role AS Role, record_id AS RecordId, version AS Version, local_patient_id AS LocalPatientId, " +
        "route AS Route, basis AS Basis, reason AS Reason, tx_hash AS TransactionHash";

    /// <summary>Writes a read-audit row; a database that cannot take it refuses the read (typed unavailable), never skips it.</summary>
    public Task AddReadAsync(ReadAuditRow row, CancellationToken cancellationToken) =>
        WriteAsync(InsertReadSql, row, cancellationToken);

    public async Task<IReadOnlyList<ReadAuditRow>> ListReadsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<ReadAuditRow>(new CommandDefinition($"SELECT {ReadColumns} FROM record_reads ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Assigns a staff member to a patient (idempotent: a repeated assignment keeps the first row).</summary>
    public Task AssignAsync(CareAssignmentRow row, CancellationToken cancellationToken) =>
        WriteAsync(
            "INSERT INTO care_assignments (actor, local_patient_id, assigned_by, at) VALUES (@Actor, @LocalPatientId, @AssignedBy, @At) " +
            "ON CONFLICT (actor, local_patient_id) DO NOTHING", row, cancellationToken);

    /// <summary>Ends an assignment; false when there was none.</summary>
    public async Task<bool> UnassignAsync(string actor, string localPatientId, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM care_assignments WHERE actor = @actor AND local_patient_id = @localPatientId",
                new { actor, localPatientId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task<IReadOnlyList<CareAssignmentRow>> ListAssignmentsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<CareAssignmentRow>(new CommandDefinition(
            "SELECT actor AS Actor, local_patient_id AS LocalPatientId, assigned_by AS AssignedBy, at AS At FROM care_assignments ORDER BY at, actor",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<bool> IsAssignedAsync(string actor, string localPatientId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM care_assignments WHERE actor = @actor AND local_patient_id = @localPatientId",
            new { actor, localPatientId }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <summary>When the patient (by this hospital's pseudonym of them) last checked in here (a completed visit handshake), or null.</summary>
    public async Task<long?> LastCheckInAsync(string pseudonym, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(at) FROM audit WHERE kind = 'visit' AND counterpart = @pseudonym",
            new { pseudonym }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private async Task WriteAsync(string sql, object row, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }
}

/// <summary>
/// One decrypting read (or refused attempt): who (account or CLI practitioner), role, record, version, the patient's
/// local id, route (api, dashboard, cli, …), on what basis, the break-glass reason and the on-chain transaction.
/// </summary>
public sealed record ReadAuditRow
{
    public long Id { get; init; }

    public long At { get; init; }

    public string Actor { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    public string RecordId { get; init; } = string.Empty;

    public long? Version { get; init; }

    public string? LocalPatientId { get; init; }

    public string Route { get; init; } = string.Empty;

    /// <summary>check-in, assignment, break-glass or refused.</summary>
    public string Basis { get; init; } = string.Empty;

    public string? Reason { get; init; }

    public string? TransactionHash { get; init; }
}

/// <summary>An explicit assignment of a staff member (actor) to a patient, made by an admin.</summary>
public sealed record CareAssignmentRow
{
    public string Actor { get; init; } = string.Empty;

    public string LocalPatientId { get; init; } = string.Empty;

    public string AssignedBy { get; init; } = string.Empty;

    public long At { get; init; }
}
