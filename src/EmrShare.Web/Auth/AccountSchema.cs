using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Web.Auth;

/// <summary>Columns and tables added to <c>web-accounts.db</c> after its first version; upgrades older files in place.</summary>
internal static class AccountSchema
{
    public static async Task UpgradeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM pragma_table_info('accounts')", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        if (!columns.Contains("stamp"))
        {
            await connection.ExecuteAsync(new CommandDefinition("ALTER TABLE accounts ADD COLUMN stamp TEXT NOT NULL DEFAULT ''", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        if (!columns.Contains("disabled"))
        {
            await connection.ExecuteAsync(new CommandDefinition("ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        if (!columns.Contains("totp_secret"))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "ALTER TABLE accounts ADD COLUMN totp_secret TEXT NULL; ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, username TEXT NOT NULL, created INTEGER NOT NULL, last_seen INTEGER NOT NULL); CREATE INDEX IF NOT EXISTS sessions_user ON sessions(username); "
            + "CREATE TABLE IF NOT EXISTS account_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, account TEXT NOT NULL, detail TEXT NULL)",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var sessionColumns = (await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM pragma_table_info('sessions')", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        if (!sessionColumns.Contains("expires"))
        {
            // Operator tokens: a session with its own expiry (instead of the idle limit) and a scope.
            await connection.ExecuteAsync(new CommandDefinition(
                "ALTER TABLE sessions ADD COLUMN expires INTEGER NULL; ALTER TABLE sessions ADD COLUMN scope TEXT NULL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
