using System.Text.Json;
using Dapper;
using EmrShare.Core;
using EmrShare.Nodes.Deployment;
using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Center;

/// <summary>
/// The enrolment queue's SQLite file (WAL): pending requests with one row per account they claim (so a duplicate is
/// refused by a UNIQUE index, even across processes) and the round history, which keeps counts and transaction
/// hashes only. Enrolled requests are deleted: the Center keeps no pseudonym linkage once the chain has them.
/// </summary>
internal sealed class EnrolmentStore
{
    private readonly string _connectionString;

    private EnrolmentStore(string path) =>
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();

    public static async Task<EnrolmentStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var store = new EnrolmentStore(path);
        await using var c = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT, commitment TEXT NOT NULL UNIQUE,
              pseudonyms TEXT NOT NULL, index_account TEXT NOT NULL, queued_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS pending_accounts (account TEXT PRIMARY KEY, seq INTEGER NOT NULL REFERENCES pending(seq));
            CREATE TABLE IF NOT EXISTS rounds (number INTEGER PRIMARY KEY AUTOINCREMENT, patients INTEGER NOT NULL, round_size INTEGER NOT NULL,
              at INTEGER NOT NULL, tx_hashes TEXT NOT NULL);
            """,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Closes pooled connections (the Center stopped; its folder may be moved or deleted).</summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public async Task<int> CountPendingAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM pending", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Whether the commitment or any of the accounts is already waiting.</summary>
    public async Task<bool> IsQueuedAsync(PatientRegistrationRequest request, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var commitment = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pending WHERE commitment = @commitment", new { commitment = request.IdentityCommitment.ToString() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var accounts = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pending_accounts WHERE account IN @accounts", new { accounts = Accounts(request) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return commitment + accounts > 0;
    }

    /// <summary>Queues a request; false when a concurrent writer queued the same commitment or an account first.</summary>
    public async Task<bool> TryInsertAsync(PatientRegistrationRequest request, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var seq = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO pending (commitment, pseudonyms, index_account, queued_at) VALUES (@commitment, @pseudonyms, @index, @at) RETURNING seq",
                new
                {
                    commitment = request.IdentityCommitment.ToString(),
                    pseudonyms = string.Join(',', request.Pseudonyms.Select(p => p.Lower)),
                    index = request.IndexAccount.Lower,
                    at = at.ToUnixTimeMilliseconds(),
                },
                tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var account in Accounts(request))
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO pending_accounts (account, seq) VALUES (@account, @seq)", new { account, seq }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }

            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: the UNIQUE indexes caught a duplicate another process queued after our check.
            return false;
        }
    }

    /// <summary>The oldest pending requests, at most <paramref name="max"/>, with their queue positions.</summary>
    public async Task<IReadOnlyList<(long Seq, PatientRegistrationRequest Request)>> TakeOldestAsync(int max, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<PendingRow>(new CommandDefinition(
            "SELECT seq AS Seq, commitment AS Commitment, pseudonyms AS Pseudonyms, index_account AS IndexAccount FROM pending ORDER BY seq LIMIT @max",
            new { max }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (r.Seq, new PatientRegistrationRequest(
            Hash32.Parse(r.Commitment), [.. r.Pseudonyms.Split(',').Select(ChainAddress.Parse)], ChainAddress.Parse(r.IndexAccount))))];
    }

    /// <summary>The round is on chain: drop its requests (and so their linkage) and keep only the history line, atomically.</summary>
    public async Task<long> CompleteRoundAsync(IReadOnlyList<long> seqs, int roundSize, DateTimeOffset at, IReadOnlyList<string> transactionHashes, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM pending_accounts WHERE seq IN @seqs", new { seqs }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM pending WHERE seq IN @seqs", new { seqs }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var number = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO rounds (patients, round_size, at, tx_hashes) VALUES (@patients, @roundSize, @at, @hashes) RETURNING number",
            new { patients = seqs.Count, roundSize, at = at.ToUnixTimeMilliseconds(), hashes = JsonSerializer.Serialize(transactionHashes) },
            tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);

        // The WAL still holds the deleted rows' old pages until a checkpoint; fold it into the file and truncate it so
        // the enrolled linkage does not linger on disk (best effort: a busy reader only delays it to the next round).
        await c.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return number;
    }

    public async Task<IReadOnlyList<EnrolmentRoundSummary>> ListRoundsAsync(int max, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<RoundRow>(new CommandDefinition(
            "SELECT number AS Number, patients AS Patients, round_size AS RoundSize, at AS At, tx_hashes AS TxHashes FROM rounds ORDER BY number DESC LIMIT @max",
            new { max }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new EnrolmentRoundSummary(r.Number, (int)r.Patients, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Patients < r.RoundSize,
            JsonSerializer.Deserialize<string[]>(r.TxHashes) ?? []))];
    }

    private static string[] Accounts(PatientRegistrationRequest request) =>
        [.. request.Pseudonyms.Append(request.IndexAccount).Select(a => a.Lower)];

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            SqliteAvailability.ThrowIfOpenedReadOnly(connection);

            // WAL + NORMAL: a queued request survives a process crash (kill -9) without an fsync per statement.
            await using var pragma = connection.CreateCommand();
            // secure_delete: a deleted request's bytes are overwritten, not left in free pages of the file.
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA secure_delete=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed record PendingRow(long Seq, string Commitment, string Pseudonyms, string IndexAccount);

    private sealed record RoundRow(long Number, long Patients, long RoundSize, long At, string TxHashes);
}
