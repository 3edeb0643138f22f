using System.Security.Claims;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Auth;

/// <summary>How long a clinical session lives: ended after <see cref="Absolute"/> whatever happens, and after <see cref="Idle"/> without a request.</summary>
public sealed record SessionLifetime
{
    public TimeSpan Absolute { get; init; } = TimeSpan.FromHours(12);

    public TimeSpan Idle { get; init; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Runs right after authentication on every request: a cookie or token counts only while its server-side session
/// exists, is within its absolute and idle limits (an operator token: before its own expiry), and (for staff) the
/// account is enabled with the same security stamp as at sign-in. Otherwise the request continues as anonymous
/// (401 for the API, the sign-in page for pages). An operator token's request is also checked against its scope
/// (403 outside it) and written to the account audit.
/// </summary>
internal sealed class SessionValidation(RequestDelegate next, ISessionStore sessions, WebActor actor, SessionLifetime lifetime, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var session = await LiveSessionAsync(context.User, context.RequestAborted).ConfigureAwait(false);
            if (session is null)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                context.Response.Cookies.Delete(ActorIdentity.Of(actor));
            }
            else if (session.Scope is { } scope && !await OperatorRequestAllowedAsync(context, session, scope).ConfigureAwait(false))
            {
                await Security.CrossOriginGuard.RefuseAsync(context, StatusCodes.Status403Forbidden, "Outside the token's scope",
                    $"this operator token has the {scope} scope: it may only read (GET); ask for a token with the write scope").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<SessionState?> LiveSessionAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(EmrClaims.Session) is not { } id)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var session = await sessions.TouchAsync(id, now, cancellationToken).ConfigureAwait(false);
        if (session is null || session.Username != user.Identity!.Name)
        {
            return null;
        }

        var withinLifetime = session.Expires is { } expires
            ? now < expires
            : now - session.Created <= lifetime.Absolute && now - session.LastSeen <= lifetime.Idle;
        if (withinLifetime && await AccountStillValidAsync(user, cancellationToken).ConfigureAwait(false))
        {
            return session;
        }

        await sessions.EndAsync(id, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Every request made with an operator token is in the account audit (route pattern only: no ids), refused or not.</summary>
    private async Task<bool> OperatorRequestAllowedAsync(HttpContext context, SessionState session, string scope)
    {
        var allowed = OperatorScopes.Allows(scope, context.Request);
        if (StaffAccounts.Of(actor) is { } accounts)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            await accounts.RecordEventAsync(session.Username, allowed ? "operator-token-used" : "operator-token-refused", session.Username,
                $"{context.Request.Method} {route}", time.GetUtcNow(), context.RequestAborted).ConfigureAwait(false);
        }

        return allowed;
    }

    private async Task<bool> AccountStillValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (StaffAccounts.Of(actor) is not { } accounts)
        {
            return true;
        }

        var account = await accounts.FindAsync(user.Identity!.Name!, cancellationToken).ConfigureAwait(false);
        return account is { Disabled: false } && account.Stamp == user.FindFirstValue(EmrClaims.Stamp);
    }
}
