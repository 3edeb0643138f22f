using Dapper;
using EmrShare.Core;
using EmrShare.Core.IO;
using EmrShare.Nodes.Discovery;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Center;

/// <summary>The directory's SQLite file: current entries and the append-only audit log of accepted changes.</summary>
internal sealed class PeerDirectoryStore
{
    private readonly string _connectionString;

    private PeerDirectoryStore(string path) =>
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    public static async Task<PeerDirectoryStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        PrivateFiles.PrepareDatabase(path);
        var store = new PeerDirectoryStore(path);
        await using var c = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS entries (hospital TEXT PRIMARY KEY, endpoint TEXT NOT NULL, tls_spki TEXT NOT NULL,
              sequence INTEGER NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, hospital TEXT NOT NULL, previous_endpoint TEXT,
              endpoint TEXT NOT NULL, tls_spki TEXT NOT NULL, sequence INTEGER NOT NULL, accepted_at INTEGER NOT NULL, signature TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS names (account TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS name_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, previous_name TEXT,
              name TEXT NOT NULL, changed_by TEXT NOT NULL, changed_at INTEGER NOT NULL);
            """, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Replaces the hospital's entry and appends the audit row in one transaction; refuses a non-increasing sequence.</summary>
    public async Task SaveAsync(DirectoryEntry entry, string signature, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var found = (await c.QueryAsync<(string Endpoint, long Sequence)>(new CommandDefinition(
            "SELECT endpoint, sequence FROM entries WHERE hospital = @h", new { h = entry.Hospital.Lower }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        (string Endpoint, long Sequence)? current = found.Count == 0 ? null : found[0];
        if (current is { } known && (ulong)known.Sequence >= entry.Sequence)
        {
            throw new DirectoryUpdateRefusedException($"sequence {entry.Sequence} is not newer than the published {known.Sequence} (replayed or out of order)");
        }

        var row = new
        {
            h = entry.Hospital.Lower, e = entry.Endpoint, s = entry.TlsSpki.ToString(), q = checked((long)entry.Sequence), t = checked((long)entry.UpdatedAt),
            p = current?.Endpoint, sig = signature,
        };
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO entries (hospital, endpoint, tls_spki, sequence, updated_at) VALUES (@h, @e, @s, @q, @t)
              ON CONFLICT (hospital) DO UPDATE SET endpoint = @e, tls_spki = @s, sequence = @q, updated_at = @t;
            INSERT INTO audit (hospital, previous_endpoint, endpoint, tls_spki, sequence, accepted_at, signature) VALUES (@h, @p, @e, @s, @q, @t, @sig);
            """, row, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets an account's display name and appends who changed it to the name audit, in one transaction (no row when unchanged).</summary>
    public async Task SaveNameAsync(ChainAddress account, string name, string changedBy, ulong at, CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var previous = await c.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT name FROM names WHERE account = @a", new { a = account.Lower }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (string.Equals(previous, name, StringComparison.Ordinal))
        {
            return;
        }

        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO names (account, name, updated_at) VALUES (@a, @n, @t) ON CONFLICT (account) DO UPDATE SET name = @n, updated_at = @t;
            INSERT INTO name_audit (account, previous_name, name, changed_by, changed_at) VALUES (@a, @p, @n, @b, @t);
            """, new { a = account.Lower, n = name, t = checked((long)at), p = previous, b = changedBy }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DirectoryName>> ListNamesAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string Account, string Name)>(new CommandDefinition(
            "SELECT account, name FROM names ORDER BY account", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new DirectoryName(ChainAddress.Parse(r.Account), r.Name)).ToList();
    }

    public async Task<IReadOnlyList<DirectoryNameAuditEntry>> NameAuditAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long Id, string Account, string? Previous, string Name, string By, long At)>(new CommandDefinition(
            "SELECT id, account, previous_name, name, changed_by, changed_at FROM name_audit ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new DirectoryNameAuditEntry(r.Id, ChainAddress.Parse(r.Account), r.Previous, r.Name, r.By, (ulong)r.At)).ToList();
    }

    public async Task<IReadOnlyList<DirectoryEntry>> ListAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string Hospital, string Endpoint, string Spki, long Sequence, long UpdatedAt)>(new CommandDefinition(
            "SELECT hospital, endpoint, tls_spki, sequence, updated_at FROM entries ORDER BY hospital", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new DirectoryEntry(ChainAddress.Parse(r.Hospital), r.Endpoint, Hash32.Parse(r.Spki), (ulong)r.Sequence, (ulong)r.UpdatedAt)).ToList();
    }

    public async Task<IReadOnlyList<DirectoryAuditEntry>> AuditAsync(CancellationToken cancellationToken)
    {
        await using var c = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long Id, string Hospital, string? Previous, string Endpoint, string Spki, long Sequence, long AcceptedAt, string Signature)>(new CommandDefinition(
            "SELECT id, hospital, previous_endpoint, endpoint, tls_spki, sequence, accepted_at, signature FROM audit ORDER BY id", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.Select(r => new DirectoryAuditEntry(r.Id, ChainAddress.Parse(r.Hospital), r.Previous, r.Endpoint, Hash32.Parse(r.Spki), (ulong)r.Sequence, (ulong)r.AcceptedAt, r.Signature)).ToList();
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
