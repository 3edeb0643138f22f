namespace EmrShare.Web.Auth;

/// <summary>Account-audit lines for events that change no account row: operator tokens issued, used, refused and revoked.</summary>
public sealed partial class AccountStore
{
    public Task RecordEventAsync(string actor, string action, string account, string? detail, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => AuditAsync(c, tx, now, actor, action, account, detail, cancellationToken), cancellationToken);
}
