using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace EmrShare.Web.Auth;

/// <summary>
/// A live operator token as an administrator sees it: <see cref="Id"/> names it for revocation (derived from the
/// server-side session, so it cannot be used as the token), whose account it acts as, its scope and times.
/// </summary>
public sealed record OperatorTokenView(string Id, string Account, string Scope, DateTimeOffset Issued, DateTimeOffset? Expires, DateTimeOffset LastUsed);

/// <summary>Listing and revoking the operator tokens of every account (admin only; each revocation is audited).</summary>
public sealed partial class StaffAdministration
{
    /// <summary>The operator tokens that are still live (expired ones are refused anyway and not shown), oldest first.</summary>
    public async Task<IReadOnlyList<OperatorTokenView>> OperatorTokensAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await Accounts.Sessions.ListOperatorAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => s.Expires is not { } expires || expires > now)
            .Select(s => new OperatorTokenView(OperatorTokenIds.Of(s.Id), s.Username, s.Scope!, s.Created, s.Expires, s.LastSeen))];
    }

    /// <summary>Ends the token's session at once (refused from its next request on) and writes who revoked whose token.</summary>
    public async Task<OperatorTokenView> RevokeOperatorTokenAsync(string id, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        var name = NameOf(admin);
        var session = (await Accounts.Sessions.ListOperatorAsync(cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(s => string.Equals(OperatorTokenIds.Of(s.Id), id, StringComparison.Ordinal))
            ?? throw new Nodes.UnknownEntityException("That operator token is no longer live: it was already revoked or has expired.");
        await Accounts.Sessions.EndAsync(session.Id, cancellationToken).ConfigureAwait(false);
        await Accounts.RecordEventAsync(name, "operator-token-revoked", session.Username,
            string.Create(CultureInfo.InvariantCulture, $"token {id}, scope {session.Scope}"), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await MirrorAsync("operator-token-revoke", session.Username, admin, cancellationToken).ConfigureAwait(false);
        return new OperatorTokenView(id, session.Username, session.Scope!, session.Created, session.Expires, session.LastSeen);
    }
}

/// <summary>The public name of an operator token: a hash of its session id, so a listing never shows anything that authenticates.</summary>
public static class OperatorTokenIds
{
    public static string Of(string sessionId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("emrshare operator token id\0" + sessionId)))[..16];
}
