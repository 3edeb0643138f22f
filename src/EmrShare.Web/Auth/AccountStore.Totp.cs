using Dapper;

namespace EmrShare.Web.Auth;

/// <summary>The second factor of an account: its TOTP secret and the last time step used (a code works once).</summary>
public sealed partial class AccountStore
{
    /// <summary>Enrols (or, with null, removes) the account's TOTP secret; audited.</summary>
    public Task SetTotpSecretAsync(string username, string? secret, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateTotpAsync(username, secret, actor, now, cancellationToken);

    /// <summary>
    /// True if <paramref name="code"/> is the account's current code (±1 step) and its step is later than any used
    /// before; the step is then recorded in the same statement, so two requests can never both use one code.
    /// </summary>
    public async Task<bool> UseTotpCodeAsync(string username, string? code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<TotpRow>(new CommandDefinition(
            "SELECT totp_secret AS Secret, totp_last_step AS LastStep FROM accounts WHERE username = @username", new { username }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row?.Secret is not { } secret || Totp.Match(secret, code, now, row.LastStep) is not { } step)
        {
            return false;
        }

        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET totp_last_step = @step WHERE username = @username AND totp_last_step < @step",
            new { username, step }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    private async Task UpdateTotpAsync(string username, string? secret, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await InTransactionAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync(new CommandDefinition(
                "UPDATE accounts SET totp_secret = @secret, totp_last_step = 0 WHERE username = @username", new { username, secret }, tx, cancellationToken: cancellationToken)).ConfigureAwait(false) == 0)
            {
                throw new Nodes.UnknownEntityException("no such account");
            }

            await AuditAsync(c, tx, now, actor, secret is null ? "totp-remove" : "totp-enrol", username, null, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private sealed record TotpRow
    {
        public string? Secret { get; init; }

        public long LastStep { get; init; }
    }
}
