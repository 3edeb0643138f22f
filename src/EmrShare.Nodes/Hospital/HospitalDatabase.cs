using Dapper;
using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The hospital's EMR database (SQLite, WAL). Holds no plaintext and no data key in clear: records live as
/// envelopes in the blob store, and each row keeps only the data key wrapped for this hospital.
/// </summary>
public sealed partial class HospitalDatabase
{
    private const string RecordColumns =
        "record_id AS RecordId, version AS Version, local_patient_id AS LocalPatientId, pseudonym AS Pseudonym, " +
        "content_type AS ContentType, cid AS Cid, manifest_json AS ManifestJson, manifest_sig AS ManifestSignature, " +
        "manifest_keys_json AS ManifestKeysJson, commitment AS Commitment, salt AS Salt, wrapped_key_self AS WrappedKeySelf, " +
        "wrapped_key_patient AS WrappedKeyPatient, delivered AS Delivered, origin AS Origin, custodian AS Custodian, created_at AS CreatedAt";

    private readonly string _connectionString;
    private readonly string _path;

    private HospitalDatabase(string path, bool syncEveryCommit)
    {
        _path = path;
        SyncEveryCommit = syncEveryCommit;
        // Pooled: a node opens a connection per call, and re-opening the file (and its -wal/-shm) each time cost
        // more CPU than the queries themselves; ReleaseConnections closes them when the node stops.
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
    }

    /// <summary>
    /// Each commit is fsynced (SQLite synchronous=FULL): an acknowledged record also survives an OS crash or power
    /// loss. Off (NORMAL, the default), a commit survives a process crash (kill -9) without an fsync per statement.
    /// </summary>
    public bool SyncEveryCommit { get; }

    /// <summary>Closes the pooled connections to this database (the node stopped; its folder may be moved or deleted).</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public static Task<HospitalDatabase> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, syncEveryCommit: false, cancellationToken);

    public static async Task<HospitalDatabase> OpenAsync(string path, bool syncEveryCommit, CancellationToken cancellationToken)
    {
        var db = new HospitalDatabase(path, syncEveryCommit);
        // On a folder that refuses writes (restarted on a read-only or full disk) an existing database opens for reads.
        await SqliteAvailability.EnsureSchemaAsync(path, db.ConnectAsync, CreateSchemaAsync, Tables, StorageFailure.Unavailable, cancellationToken).ConfigureAwait(false);
        return db;
    }

    private static readonly string[] Tables = ["patients", "records", "grants", "audit", "watch_cursor", "fulfilments", "patient_demographics", "demographics_overrides", "record_reads", "care_assignments", "desk_challenges", "emergency_quarantine"];

    private static Task CreateSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS patients (local_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE, public_key TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS records (record_id TEXT NOT NULL, version INTEGER NOT NULL, local_patient_id TEXT NOT NULL,
              pseudonym TEXT NOT NULL, content_type TEXT NOT NULL, cid TEXT NOT NULL, manifest_json TEXT NOT NULL, manifest_sig TEXT NOT NULL,
              manifest_keys_json TEXT NOT NULL, commitment TEXT NOT NULL, salt TEXT NOT NULL, wrapped_key_self TEXT NOT NULL,
              wrapped_key_patient TEXT NULL, delivered INTEGER NOT NULL, origin TEXT NOT NULL CHECK (origin IN ('local','received')),
              custodian TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (record_id, version));
            CREATE TABLE IF NOT EXISTS grants (grant_id TEXT PRIMARY KEY, scope TEXT NOT NULL, custodian TEXT NOT NULL, patient TEXT NOT NULL,
              local_patient_id TEXT NOT NULL, records_json TEXT NOT NULL, tx_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL,
              record_id TEXT NULL, counterpart TEXT NULL, tx_hash TEXT NULL);
            CREATE TABLE IF NOT EXISTS watch_cursor (name TEXT PRIMARY KEY, next_block INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS fulfilments (request_id TEXT PRIMARY KEY, grantee TEXT NOT NULL, grant_id TEXT NOT NULL,
              record_id TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('sending','fulfilled','refused')), delivery_json TEXT NULL,
              reason TEXT NULL, refusal_sig TEXT NULL, tx_hash TEXT NULL, gas_used INTEGER NULL, created_at INTEGER NOT NULL);
            """ + DemographicsSchema + ReadAuditSchema + DeskChallengeSchema + QuarantineSchema,
            cancellationToken: cancellationToken));

    public async Task<PatientRow?> FindPatientByPseudonymAsync(string pseudonym, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(
            "SELECT local_id AS LocalId, pseudonym AS Pseudonym, public_key AS PublicKey, created_at AS CreatedAt FROM patients WHERE pseudonym = @pseudonym",
            new { pseudonym }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<PatientRow?> FindPatientAsync(string localId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(
            "SELECT local_id AS LocalId, pseudonym AS Pseudonym, public_key AS PublicKey, created_at AS CreatedAt FROM patients WHERE local_id = @localId",
            new { localId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<long> CountPatientsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM patients", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task InsertPatientAsync(PatientRow row, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                "INSERT INTO patients (local_id, pseudonym, public_key, created_at) VALUES (@LocalId, @Pseudonym, @PublicKey, @CreatedAt)",
                row, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task InsertRecordAsync(RecordRow row, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO records (record_id, version, local_patient_id, pseudonym, content_type, cid, manifest_json, manifest_sig,
                  manifest_keys_json, commitment, salt, wrapped_key_self, wrapped_key_patient, delivered, origin, custodian, created_at)
                VALUES (@RecordId, @Version, @LocalPatientId, @Pseudonym, @ContentType, @Cid, @ManifestJson, @ManifestSignature,
                  @ManifestKeysJson, @Commitment, @Salt, @WrappedKeySelf, @WrappedKeyPatient, @Delivered, @Origin, @Custodian, @CreatedAt)
                """,
                row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    /// <summary>The newest version of a record held here, or null.</summary>
    public async Task<RecordRow?> FindLatestRecordAsync(string recordId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QueryFirstOrDefaultAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM records WHERE record_id = @recordId ORDER BY version DESC LIMIT 1",
            new { recordId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RecordRow>> ListRecordsAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<RecordRow>(new CommandDefinition(
            $"SELECT {RecordColumns} FROM records ORDER BY created_at, record_id, version", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Records created for a pseudonym and not yet handed to its wallet; marks them delivered.</summary>
    public async Task<IReadOnlyList<RecordRow>> TakeUndeliveredAsync(string pseudonym, int max, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var rows = (await c.QueryAsync<RecordRow>(new CommandDefinition(
                $"SELECT {RecordColumns} FROM records WHERE pseudonym = @pseudonym AND delivered = 0 AND wrapped_key_patient IS NOT NULL ORDER BY created_at LIMIT @max",
                new { pseudonym, max }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            foreach (var row in rows)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE records SET delivered = 1 WHERE record_id = @RecordId AND version = @Version", row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return rows;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    /// <summary>Crypto-shredding: drops every wrapped copy of the record's data keys; returns the CIDs of its versions.</summary>
    public async Task<IReadOnlyList<string>> ShredKeysAsync(string recordId, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var cids = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT cid FROM records WHERE record_id = @recordId", new { recordId }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE records SET wrapped_key_self = '', wrapped_key_patient = NULL, delivered = 1 WHERE record_id = @recordId",
                new { recordId }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return cids;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task InsertGrantAsync(GrantRow row, AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await c.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO grants (grant_id, scope, custodian, patient, local_patient_id, records_json, tx_hash, created_at)
                VALUES (@GrantId, @Scope, @Custodian, @Patient, @LocalPatientId, @RecordsJson, @TransactionHash, @CreatedAt)
                """,
                row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await InsertAuditAsync(c, tx, audit, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task<GrantRow?> FindGrantAsync(string grantId, CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<GrantRow>(new CommandDefinition(
            "SELECT grant_id AS GrantId, scope AS Scope, custodian AS Custodian, patient AS Patient, local_patient_id AS LocalPatientId, " +
            "records_json AS RecordsJson, tx_hash AS TransactionHash, created_at AS CreatedAt FROM grants WHERE grant_id = @grantId",
            new { grantId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task AddAuditAsync(AuditRow audit, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await InsertAuditAsync(c, null, audit, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            throw StorageFailure.Unavailable(ex);
        }
    }

    public async Task<IReadOnlyList<AuditRow>> ListAuditAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectForReadAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT id AS Id, at AS At, kind AS Kind, record_id AS RecordId, counterpart AS Counterpart, tx_hash AS TransactionHash FROM audit ORDER BY id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    private static Task InsertAuditAsync(SqliteConnection c, System.Data.Common.DbTransaction? tx, AuditRow audit, CancellationToken cancellationToken) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit (at, kind, record_id, counterpart, tx_hash) VALUES (@At, @Kind, @RecordId, @Counterpart, @TransactionHash)",
            audit, tx, cancellationToken: cancellationToken));

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SqliteAvailability.ThrowIfOpenedReadOnly(connection);

            // WAL + NORMAL (as the ledger and blob store default to): a commit survives a process crash (kill -9)
            // without an fsync per statement; only an OS crash or power loss can drop the last commits — unless
            // SyncEveryCommit asks for FULL.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = SyncEveryCommit ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }
}
