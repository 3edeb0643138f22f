using EmrShare.Core.Errors;
using EmrShare.Core.IO;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Web.Auth;

/// <summary>A web sign-in account: a hashed password, one role, and for clinicians the practitioner key they sign with.</summary>
public sealed record Account(string Username, string Role, int? PractitionerIndex)
{
    /// <summary>Changes with every password change and on disable: sessions signed in under an older stamp end.</summary>
    public string Stamp { get; init; } = string.Empty;

    public bool Disabled { get; init; }

    /// <summary>Sign-in also needs a TOTP code (RFC 6238) from the account's authenticator app.</summary>
    public bool TotpEnrolled { get; init; }
}

/// <summary>Username or password wrong: one message for both so sign-in does not reveal which usernames exist.</summary>
[ErrorKind(ErrorKind.CredentialsRefused)]
public sealed class SignInFailedException() : WebRefusalException("unknown username or wrong password");

/// <summary>
/// The actor's web accounts in their own SQLite file (<c>web-accounts.db</c> in the actor's data folder), apart
/// from the EMR database: staff accounts are an operations concern, not medical data.
/// </summary>
public sealed partial class AccountStore
{
    private readonly string _connectionString;

    private AccountStore(string connectionString) => _connectionString = connectionString;

    /// <summary>The server-side sessions of these accounts (same file), so sign-out and restarts are honoured.</summary>
    public ISessionStore Sessions { get; private set; } = null!;

    public static async Task<AccountStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PrivateFiles.PrepareDatabase(path); // password hashes: folder 0700, file and its -wal/-shm 0600
        var store = new AccountStore(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await using var connection = await store.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS accounts (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL, practitioner_index INTEGER)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await AccountSchema.UpgradeAsync(connection, cancellationToken).ConfigureAwait(false);
        store.Sessions = new SqliteSessionStore(store._connectionString);
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
            "INSERT OR REPLACE INTO accounts (username, password_hash, role, practitioner_index, stamp, disabled) VALUES (@username, @hash, @role, @practitionerIndex, @stamp, 0)",
            new { username, hash, role, practitionerIndex, stamp = AccountSchema.NewStamp() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await Sessions.EndAllAsync(username, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The account if the password matches; otherwise <see cref="SignInFailedException"/>.</summary>
    public async Task<Account> VerifyAsync(string username, string password, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await FindRowAsync(connection, username, cancellationToken).ConfigureAwait(false);
        // Hash even for unknown users so the response time does not reveal which usernames exist.
        var encoded = row?.PasswordHash ?? DummyHash.Value;
        var matches = await KdfLimiter.RunAsync(() => PasswordHash.Verify(password, encoded), cancellationToken).ConfigureAwait(false);
        return row is not null && matches && row.Disabled == 0 ? row.ToAccount() : throw new SignInFailedException();
    }

    /// <summary>The account as stored now, or null if there is none.</summary>
    public async Task<Account?> FindAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await FindRowAsync(connection, username, cancellationToken).ConfigureAwait(false))?.ToAccount();
    }

    /// <summary>Disables (or re-enables) an account; either way its stamp changes, which ends its sessions.</summary>
    public async Task SetDisabledAsync(string username, bool disabled, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET disabled = @disabled, stamp = @stamp WHERE username = @username",
            new { username, disabled = disabled ? 1 : 0, stamp = AccountSchema.NewStamp() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (changed == 0)
        {
            throw new Nodes.UnknownEntityException("no such account");
        }

        await Sessions.EndAllAsync(username, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            SelectRow + " ORDER BY username", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToAccount())];
    }

    private const string SelectRow =
        "SELECT username AS Username, password_hash AS PasswordHash, role AS Role, practitioner_index AS PractitionerIndex, stamp AS Stamp, disabled AS Disabled, totp_secret IS NOT NULL AS TotpEnrolled FROM accounts";

    private static Task<AccountRow?> FindRowAsync(SqliteConnection connection, string username, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<AccountRow>(new CommandDefinition(SelectRow + " WHERE username = @username", new { username }, cancellationToken: cancellationToken));

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

        public string Stamp { get; init; } = string.Empty;

        public long Disabled { get; init; }

        public long TotpEnrolled { get; init; }

        public Account ToAccount() =>
            new(Username, Role, PractitionerIndex is { } index ? (int)index : null) { Stamp = Stamp, Disabled = Disabled != 0, TotpEnrolled = TotpEnrolled != 0 };
    }
}
