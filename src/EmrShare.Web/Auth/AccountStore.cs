using EmrShare.Core.IO;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Web.Auth;

/// <summary>A web sign-in account: a hashed password, one role, and for clinicians the practitioner key they sign with.</summary>
public sealed record Account(string Username, string Role, int? PractitionerIndex);

/// <summary>Username or password wrong: one message for both so sign-in does not reveal which usernames exist.</summary>
public sealed class SignInFailedException() : Exception("unknown username or wrong password");

/// <summary>
/// The actor's web accounts in their own SQLite file (<c>web-accounts.db</c> in the actor's data folder), apart
/// from the EMR database: staff accounts are an operations concern, not medical data.
/// </summary>
public sealed class AccountStore
{
    private readonly string _connectionString;

    private AccountStore(string connectionString) => _connectionString = connectionString;

    public static async Task<AccountStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PrivateFiles.PrepareDatabase(path); // password hashes: folder 0700, file and its -wal/-shm 0600
        var store = new AccountStore(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS accounts (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, practitioner_index INTEGER)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return store;
    }

    /// <summary>Adds or replaces an account (replacing resets its password).</summary>
    public async Task SaveAsync(string username, string password, string role, int? practitionerIndex, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"unknown role '{role}'", nameof(role));
        }

        var hash = PasswordHash.Create(password);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR REPLACE INTO accounts (username, password_hash, role, practitioner_index) VALUES (@username, @hash, @role, @practitionerIndex)",
            new { username, hash, role, practitionerIndex }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>The account if the password matches; otherwise <see cref="SignInFailedException"/>.</summary>
    public async Task<Account> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(
            "SELECT username AS Username, password_hash AS PasswordHash, role AS Role, practitioner_index AS PractitionerIndex FROM accounts WHERE username = @username",
            new { username }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        // Hash even for unknown users so the response time does not reveal which usernames exist.
        var encoded = row?.PasswordHash ?? DummyHash.Value;
        var matches = PasswordHash.Verify(password, encoded);
        return row is not null && matches
            ? new Account(row.Username, row.Role, row.PractitionerIndex is { } index ? (int)index : null)
            : throw new SignInFailedException();
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            "SELECT username AS Username, password_hash AS PasswordHash, role AS Role, practitioner_index AS PractitionerIndex FROM accounts ORDER BY username",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new Account(r.Username, r.Role, r.PractitionerIndex is { } index ? (int)index : null))];
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static readonly Lazy<string> DummyHash = new(() => PasswordHash.Create("not-a-real-account"));

    private sealed record AccountRow
    {
        public string Username { get; init; } = string.Empty;

        public string PasswordHash { get; init; } = string.Empty;

        public string Role { get; init; } = string.Empty;

        public long? PractitionerIndex { get; init; }
    }
}
