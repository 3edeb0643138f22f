using System.Globalization;
using System.Security.Claims;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Auth;

/// <summary>What an operator token may do: <see cref="Read"/> only GET/HEAD requests, <see cref="Write"/> every request the account may make.</summary>
public static class OperatorScopes
{
    public const string Read = "read";

    public const string Write = "write";

    /// <summary>True when a token of <paramref name="scope"/> may make this request. Signing out (revoking the token itself) is always allowed.</summary>
    public static bool Allows(string scope, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return scope == Write
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || (HttpMethods.IsDelete(request.Method) && request.Path.Equals("/api/session", StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Ask for an operator token: the account's own credentials (and TOTP code when enrolled), a scope and a lifetime in minutes (default 8 h, at most 30 days).</summary>
public sealed record OperatorTokenRequest(string? Username, string Password, string? Code = null, string? Scope = null, int? LifetimeMinutes = null);

/// <summary>An operator token: a bearer token whose server-side session ends at <see cref="ExpiresAt"/> (no idle limit) and allows only <see cref="Scope"/>.</summary>
public sealed record OperatorTokenIssued(string TokenType, string AccessToken, DateTimeOffset ExpiresAt, string Scope);

/// <summary>
/// Issues operator tokens for the CLI and scripts (<c>emrshare hospital token create</c>): the same sign-in as the
/// dashboard (password, TOTP, throttling, a server-side session), but the session gets a fixed expiry and a scope.
/// Revoked like any session: sign-out with the token, a password reset or disabling the account. Issue, every use
/// and every refusal go to the account audit.
/// </summary>
public sealed class OperatorTokenService(WebActor actor, SignInService signIn, ISessionStore sessions, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    public async Task<OperatorTokenIssued> IssueAsync(HttpContext context, OperatorTokenRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var accounts = StaffAccounts.Of(actor) ?? throw new BadHttpRequestException("operator tokens are issued to staff accounts of a Center or hospital node");
        var scope = request.Scope ?? OperatorScopes.Read;
        if (scope is not (OperatorScopes.Read or OperatorScopes.Write))
        {
            throw new BadHttpRequestException("scope must be 'read' or 'write'");
        }

        var lifetime = request.LifetimeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : DefaultLifetime;
        if (lifetime < TimeSpan.FromMinutes(1) || lifetime > MaxLifetime)
        {
            throw new BadHttpRequestException("lifetimeMinutes must be between 1 and 43200 (30 days)");
        }

        var principal = await signIn.AuthenticateAsync(request.Username, request.Password ?? string.Empty, request.Code, SignInService.ClientAddressOf(context), cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        await sessions.MakeOperatorAsync(principal.FindFirstValue(EmrClaims.Session)!, expires, scope, cancellationToken).ConfigureAwait(false);
        var name = principal.Identity!.Name!;
        await accounts.RecordEventAsync(name, "operator-token-issued", name,
            string.Create(CultureInfo.InvariantCulture, $"scope {scope}, expires {expires:u}, from {SignInService.ClientAddressOf(context)}"), now, cancellationToken).ConfigureAwait(false);
        return new OperatorTokenIssued("Bearer", signIn.ProtectToken(principal, expires), expires, scope);
    }
}

/// <summary>The staff accounts of the Center or a hospital; null for the wallet (its one user is the patient).</summary>
internal static class StaffAccounts
{
    public static AccountStore? Of(WebActor actor) => actor switch
    {
        CenterActor center => center.Accounts,
        HospitalActor hospital => hospital.Accounts,
        _ => null,
    };
}
