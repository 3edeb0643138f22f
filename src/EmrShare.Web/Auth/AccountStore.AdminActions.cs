namespace EmrShare.Web.Auth;

/// <summary>The Center's registry actions (deactivations, display names) share the account audit log with staff changes.</summary>
public sealed partial class AccountStore
{
    /// <summary>
    /// Appends an administrator's action on something other than an account (e.g. <c>deactivate-hospital</c> on a chain
    /// address) to the audit log the account pages show: who, what, on which subject, with an optional detail.
    /// </summary>
    public Task RecordAdminActionAsync(string actor, string action, string subject, string? detail, DateTimeOffset now, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => AuditAsync(c, tx, now, actor, action, subject, detail, cancellationToken), cancellationToken);
}
