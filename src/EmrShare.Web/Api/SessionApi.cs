using System.Security.Claims;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api;

/// <summary>Sign in (cookie or bearer token), sign out, and who am I.</summary>
public sealed record SignInRequest(string? Username, string Password, string? Code = null);

/// <summary>The signed-in user as the API reports it.</summary>
public sealed record SessionInfo(string Name, string Role, string Actor, int? PractitionerIndex);

internal static class SessionApi
{
    public static RouteGroupBuilder MapSessionApi(this IEndpointRouteBuilder app, WebActor actor)
    {
        var api = app.MapGroup("/api/session").WithTags("Session");
        api.MapPost("/", async Task<Ok<SessionInfo>> (SignInRequest request, SignInService signIn, HttpContext context, CancellationToken ct) =>
        {
            var principal = await signIn.SignInWithCookieAsync(context, request.Username, request.Password ?? string.Empty, ct, request.Code).ConfigureAwait(false);
            return TypedResults.Ok(Describe(principal, actor));
        }).AllowAnonymous().WithSummary("Sign in with a cookie (browsers).");
        api.MapPost("/token", async Task<Ok<AccessTokenIssued>> (SignInRequest request, SignInService signIn, HttpContext context, CancellationToken ct) =>
            TypedResults.Ok(await signIn.SignInWithTokenAsync(context, request.Username, request.Password ?? string.Empty, ct, request.Code).ConfigureAwait(false)))
            .AllowAnonymous().WithSummary("Sign in for a bearer token (EMR integrations); no refresh token, sign in again when it expires.");
        api.MapPost("/operator-token", async Task<Ok<OperatorTokenIssued>> (OperatorTokenRequest request, OperatorTokenService tokens, HttpContext context, CancellationToken ct) =>
            TypedResults.Ok(await tokens.IssueAsync(context, request, ct).ConfigureAwait(false)))
            .AllowAnonymous().WithSummary("Sign in for an operator token (CLI, scripts): scope 'read' (GET only) or 'write', fixed expiry (lifetimeMinutes, default 480, at most 43200), no idle limit; revoke it with DELETE /api/session. Issue and every use are in the account audit.");
        api.MapGet("/", (ClaimsPrincipal user) => TypedResults.Ok(Describe(user, actor)))
            .RequireAuthorization().WithSummary("The signed-in user.");
        api.MapDelete("/", async (HttpContext context, SignInService signIn, CancellationToken ct) =>
        {
            await signIn.SignOutAsync(context, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).AllowAnonymous().WithSummary("Sign out: ends the server-side session (cookie or bearer token) and clears the cookie.");
        return api;
    }

    public static SessionInfo Describe(ClaimsPrincipal user, WebActor actor)
    {
        var index = user.FindFirstValue(EmrClaims.PractitionerIndex);
        return new SessionInfo(
            user.Identity?.Name ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            actor.Kind,
            index is null ? null : int.Parse(index, System.Globalization.CultureInfo.InvariantCulture));
    }
}
