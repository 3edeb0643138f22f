using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace EmrShare.Web.Auth;

/// <summary>A signed-in session as the server remembers it.</summary>
public sealed record SessionState(string Id, string Username, DateTimeOffset Created, DateTimeOffset LastSeen)
{
    /// <summary>Set for an operator token: the session ends at this time (and has no idle limit).</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>An operator token's scope (<see cref="OperatorScopes"/>); null for a sign-in session.</summary>
    public string? Scope { get; init; }
}

/// <summary>
/// Server-side sessions: a cookie or bearer token is honoured only while its session id is here, so sign-out, a
/// password change or disabling the account ends it at once, whatever the token's own expiry says.
/// </summary>
public interface ISessionStore
{
    Task<SessionState> StartAsync(string username, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The session (with its previous last-seen time) and marks it seen now; null if unknown or ended.</summary>
    Task<SessionState?> TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    Task EndAsync(string id, CancellationToken cancellationToken);

    /// <summary>Turns a just-started session into an operator token's: it ends at <paramref name="expires"/>, not when idle, and allows only <paramref name="scope"/>.</summary>
    Task MakeOperatorAsync(string id, DateTimeOffset expires, string scope, CancellationToken cancellationToken);

    Task EndAllAsync(string username, CancellationToken cancellationToken);

    /// <summary>The live operator-token sessions of every account (those with a scope), for an administrator to list and revoke.</summary>
    Task<IReadOnlyList<SessionState>> ListOperatorAsync(CancellationToken cancellationToken);
}

internal static class SessionIds
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Sessions of staff accounts, in the accounts file: they survive a restart of the node.</summary>
internal sealed class SqliteSessionStore(string connectionString) : ISessionStore
{
    public async Task<SessionState> StartAsync(string username, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = new SessionState(SessionIds.New(), username, now, now);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sessions (id, username, created, last_seen) VALUES (@Id, @Username, @created, @created)",
            new { session.Id, session.Username, created = now.ToUnixTimeSeconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return session;
    }

    public async Task<SessionState?> TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var found = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            "SELECT username AS Username, created AS Created, last_seen AS LastSeen, expires AS Expires, scope AS Scope FROM sessions WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET last_seen = @now WHERE id = @id", new { id, now = now.ToUnixTimeSeconds() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new SessionState(id, found.Username, DateTimeOffset.FromUnixTimeSeconds(found.Created), DateTimeOffset.FromUnixTimeSeconds(found.LastSeen))
        {
            Expires = found.Expires is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null,
            Scope = found.Scope,
        };
    }

    public async Task MakeOperatorAsync(string id, DateTimeOffset expires, string scope, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sessions SET expires = @expires, scope = @scope WHERE id = @id", new { id, expires = expires.ToUnixTimeSeconds(), scope }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task EndAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE id = @id", new { id }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task EndAllAsync(string username, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sessions WHERE username = @username", new { username }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionState>> ListOperatorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(
            "SELECT id AS Id, username AS Username, created AS Created, last_seen AS LastSeen, expires AS Expires, scope AS Scope FROM sessions WHERE scope IS NOT NULL ORDER BY created, id",
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new SessionState(r.Id, r.Username, DateTimeOffset.FromUnixTimeSeconds(r.Created), DateTimeOffset.FromUnixTimeSeconds(r.LastSeen))
        {
            Expires = r.Expires is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null,
            Scope = r.Scope,
        })];
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private sealed record SessionRow
    {
        public string Id { get; init; } = string.Empty;

        public string Username { get; init; } = string.Empty;

        public long Created { get; init; }

        public long LastSeen { get; init; }

        public long? Expires { get; init; }

        public string? Scope { get; init; }
    }
}

/// <summary>The wallet's sessions: in memory (a restarted wallet is unlocked again with its passphrase anyway).</summary>
internal sealed class MemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionState> _sessions = new(StringComparer.Ordinal);

    public Task<SessionState> StartAsync(string username, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var session = new SessionState(SessionIds.New(), username, now, now);
        _sessions[session.Id] = session;
        return Task.FromResult(session);
    }

    public Task<SessionState?> TouchAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue(id, out var session))
        {
            return Task.FromResult<SessionState?>(null);
        }

        _sessions[id] = session with { LastSeen = now };
        return Task.FromResult<SessionState?>(session);
    }

    public Task EndAsync(string id, CancellationToken cancellationToken)
    {
        _sessions.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    public Task MakeOperatorAsync(string id, DateTimeOffset expires, string scope, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(id, out var session))
        {
            _sessions[id] = session with { Expires = expires, Scope = scope };
        }

        return Task.CompletedTask;
    }

    public Task EndAllAsync(string username, CancellationToken cancellationToken)
    {
        foreach (var session in _sessions.Values.Where(s => s.Username == username))
        {
            _sessions.TryRemove(session.Id, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SessionState>> ListOperatorAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SessionState>>([.. _sessions.Values.Where(s => s.Scope is not null).OrderBy(s => s.Created)]);
}
