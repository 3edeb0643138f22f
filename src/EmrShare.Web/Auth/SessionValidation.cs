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
/// exists, is within its absolute and idle limits, and (for staff) the account is enabled with the same security
/// stamp as at sign-in. Otherwise the request continues as anonymous (401 for the API, the sign-in page for pages).
/// </summary>
internal sealed class SessionValidation(RequestDelegate next, ISessionStore sessions, WebActor actor, SessionLifetime lifetime, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && !await IsLiveAsync(context.User, context.RequestAborted).ConfigureAwait(false))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
            context.Response.Cookies.Delete(ActorIdentity.Of(actor));
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task<bool> IsLiveAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(EmrClaims.Session) is not { } id)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var session = await sessions.TouchAsync(id, now, cancellationToken).ConfigureAwait(false);
        if (session is null || session.Username != user.Identity!.Name)
        {
            return false;
        }

        var live = now - session.Created <= lifetime.Absolute && now - session.LastSeen <= lifetime.Idle && await AccountStillValidAsync(user, cancellationToken).ConfigureAwait(false);
        if (!live)
        {
            await sessions.EndAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return live;
    }

    private async Task<bool> AccountStillValidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var accounts = actor switch
        {
            CenterActor center => center.Accounts,
            HospitalActor hospital => hospital.Accounts,
            _ => null,
        };
        if (accounts is null)
        {
            return true;
        }

        var account = await accounts.FindAsync(user.Identity!.Name!, cancellationToken).ConfigureAwait(false);
        return account is { Disabled: false } && account.Stamp == user.FindFirstValue(EmrClaims.Stamp);
    }
}
