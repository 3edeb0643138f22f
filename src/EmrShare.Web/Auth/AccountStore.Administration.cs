using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Web.Auth;

/// <summary>One line of the account audit: who (<paramref name="Actor"/>) did what to which account, and when.</summary>
public sealed record AccountAuditLine(long Id, DateTimeOffset At, string Actor, string Action, string Account, string? Detail);

/// <summary>Account actions an administrator takes; each change and its audit line are written in one transaction.</summary>
public sealed partial class AccountStore
{
    /// <summary>A new account; <see cref="Services.ConflictException"/> if the user name is taken. The caller checks the password policy.</summary>
    public async Task CreateAsync(string username, string password, string role, int? practitionerIndex, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"unknown role '{role}'", nameof(role));
        }

        var hash = await KdfLimiter.RunAsync(() => PasswordHash.Create(password), cancellationToken).ConfigureAwait(false);
        await InTransactionAsync(async (c, tx) =>
        {
            var inserted = await c.ExecuteAsync(new CommandDefinition(
                "INSERT OR IGNORE INTO accounts (username, password_hash, role, practitioner_index, stamp, disabled) VALUES (@username, @hash, @role, @practitionerIndex, @stamp, 0)",
                new { username, hash, role, practitionerIndex, stamp = AccountSchema.NewStamp() }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (inserted == 0)
            {
                throw new Services.ConflictException("an account with this user name already exists");
            }

            var detail = practitionerIndex is { } index ? $"role {role}, practitioner key {index}" : $"role {role}";
            await AuditAsync(c, tx, now, actor, "create", username, detail, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets a new password; the stamp changes, so the account's live sessions end.</summary>
    public async Task ResetPasswordAsync(string username, string password, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = await KdfLimiter.RunAsync(() => PasswordHash.Create(password), cancellationToken).ConfigureAwait(false);
        await UpdateAsync(
            "UPDATE accounts SET password_hash = @hash, stamp = @stamp WHERE username = @username",
            new { username, hash, stamp = AccountSchema.NewStamp() }, actor, "reset-password", username, null, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disables or re-enables an account; a disabled account cannot sign in and its sessions end at once.</summary>
    public Task SetDisabledAsync(string username, bool disabled, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE accounts SET disabled = @disabled, stamp = @stamp WHERE username = @username",
            new { username, disabled = disabled ? 1 : 0, stamp = AccountSchema.NewStamp() }, actor, disabled ? "disable" : "enable", username, null, now, cancellationToken);

    /// <summary>The account audit, newest first (at most <paramref name="limit"/> lines).</summary>
    public async Task<IReadOnlyList<AccountAuditLine>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(
            "SELECT id AS Id, at AS At, actor AS Actor, action AS Action, account AS Account, detail AS Detail FROM account_audit ORDER BY id DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new AccountAuditLine(r.Id, DateTimeOffset.FromUnixTimeSeconds(r.At), r.Actor, r.Action, r.Account, r.Detail))];
    }

    private async Task UpdateAsync(string sql, object parameters, string actor, string action, string username, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync(new CommandDefinition(sql, parameters, tx, cancellationToken: cancellationToken)).ConfigureAwait(false) == 0)
            {
                throw new Nodes.UnknownEntityException("no such account");
            }

            await AuditAsync(c, tx, now, actor, action, username, detail, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        await Sessions.EndAllAsync(username, cancellationToken).ConfigureAwait(false);
    }

    private async Task InTransactionAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await work(connection, tx).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task AuditAsync(SqliteConnection c, SqliteTransaction tx, DateTimeOffset now, string actor, string action, string account, string? detail, CancellationToken cancellationToken) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO account_audit (at, actor, action, account, detail) VALUES (@at, @actor, @action, @account, @detail)",
            new { at = now.ToUnixTimeSeconds(), actor, action, account, detail }, tx, cancellationToken: cancellationToken));

    private sealed record AuditRow
    {
        public long Id { get; init; }

        public long At { get; init; }

        public string Actor { get; init; } = string.Empty;

        public string Action { get; init; } = string.Empty;

        public string Account { get; init; } = string.Empty;

        public string? Detail { get; init; }
    }
}
