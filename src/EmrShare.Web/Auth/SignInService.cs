using System.Globalization;
using System.Security.Claims;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Web.Hosting;
using EmrShare.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace EmrShare.Web.Auth;

/// <summary>The password was right but the account signs in with a TOTP code too, and none was given (401, ask for the code).</summary>
[ErrorKind(ErrorKind.CredentialsRefused)]
public sealed class SecondFactorRequiredException()
    : WebRefusalException("this account also needs the 6-digit code from its authenticator app");

/// <summary>The bearer-token answer: no refresh token (a new sign-in is the only way to a new token).</summary>
public sealed record AccessTokenIssued(string TokenType, string AccessToken, long ExpiresIn);

/// <summary>
/// Checks credentials against the actor's own source of truth — staff accounts for the Center and hospitals, the
/// keystore passphrase for the patient — and issues the cookie or bearer token. A role that does not belong to
/// this actor (e.g. a clinician account in the Center's store) is refused like a wrong password. Attempts are
/// throttled per account and per address (<see cref="SignInThrottle"/>); every sign-in starts a server-side session
/// (<see cref="ISessionStore"/>) whose id and the account's stamp travel in the cookie or token.
/// </summary>
public sealed class SignInService(WebActor actor, SignInThrottle throttle, ISessionStore sessions, TimeProvider time, IOptionsMonitor<BearerTokenOptions> bearer)
{
    public Task<ClaimsPrincipal> AuthenticateAsync(string? username, string password, string clientAddress, CancellationToken cancellationToken) =>
        AuthenticateAsync(username, password, null, clientAddress, cancellationToken);

    /// <summary>Checks the password and, for an account with TOTP enrolled, the one-time code (a wrong code counts as a failed sign-in).</summary>
    public async Task<ClaimsPrincipal> AuthenticateAsync(string? username, string password, string? oneTimeCode, string clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        var account = actor is PatientActor ? "patient" : (username ?? string.Empty).Trim();
        throttle.EnsureAllowed(account, clientAddress);
        ClaimsIdentity identity;
        try
        {
            identity = await VerifyAsync(username, password, oneTimeCode, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SignInFailedException or KeystorePassphraseException or KeystoreEntryNotFoundException)
        {
            throttle.RecordFailure(account, clientAddress);
            throw;
        }

        throttle.RecordSuccess(account, clientAddress);
        var session = await sessions.StartAsync(identity.Name ?? account, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        identity.AddClaim(new Claim(EmrClaims.Session, session.Id));
        return new ClaimsPrincipal(identity);
    }

    public async Task<ClaimsPrincipal> SignInWithCookieAsync(HttpContext context, string? username, string password, CancellationToken cancellationToken, string? oneTimeCode = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = await AuthenticateAsync(username, password, oneTimeCode, ClientAddress(context), cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return principal;
    }

    /// <summary>A bearer token for the new session (<c>accessToken</c>, <c>expiresIn</c>; never a refresh token).</summary>
    public async Task<AccessTokenIssued> SignInWithTokenAsync(HttpContext context, string? username, string password, CancellationToken cancellationToken, string? oneTimeCode = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = await AuthenticateAsync(username, password, oneTimeCode, ClientAddress(context), cancellationToken).ConfigureAwait(false);
        var lifetime = bearer.Get(BearerTokenDefaults.AuthenticationScheme).BearerTokenExpiration;
        return new AccessTokenIssued("Bearer", ProtectToken(principal, time.GetUtcNow() + lifetime), (long)lifetime.TotalSeconds);
    }

    /// <summary>A bearer token carrying <paramref name="principal"/>'s claims that the bearer handler refuses after <paramref name="expires"/>.</summary>
    internal string ProtectToken(ClaimsPrincipal principal, DateTimeOffset expires)
    {
        var options = bearer.Get(BearerTokenDefaults.AuthenticationScheme);
        var identity = new ClaimsIdentity(principal.Claims, BearerTokenDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        var properties = new AuthenticationProperties { IssuedUtc = time.GetUtcNow(), ExpiresUtc = expires };
        return options.BearerTokenProtector.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), properties, BearerTokenDefaults.AuthenticationScheme));
    }

    internal static string ClientAddressOf(HttpContext context) => ClientAddress(context);

    /// <summary>Ends the caller's server-side session (cookie or token alike) and clears the cookie.</summary>
    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.FindFirstValue(EmrClaims.Session) is { } id)
        {
            await sessions.EndAsync(id, cancellationToken).ConfigureAwait(false);
        }

        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private async Task<ClaimsIdentity> VerifyAsync(string? username, string password, string? oneTimeCode, CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        switch (actor)
        {
            case PatientActor patient:
                // Loading the key proves the passphrase (wrong one → KeystorePassphraseException); the key is not kept.
                _ = await KdfLimiter.RunAsync(() => patient.KeyStore.LoadAsync(patient.KeyName, password, cancellationToken), cancellationToken).ConfigureAwait(false);
                identity.AddClaim(new Claim(ClaimTypes.Name, "patient"));
                identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Patient));
                break;
            case CenterActor center:
                await VerifyStaffAsync(identity, center.Accounts, username, password, oneTimeCode, [Roles.CenterAdmin], cancellationToken).ConfigureAwait(false);
                break;
            case HospitalActor hospital:
                await VerifyStaffAsync(identity, hospital.Accounts, username, password, oneTimeCode, [Roles.Clinician, Roles.HospitalAdmin], cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new SignInFailedException();
        }

        return identity;
    }

    private async Task VerifyStaffAsync(
        ClaimsIdentity identity, AccountStore accounts, string? username, string password, string? oneTimeCode, string[] allowedRoles, CancellationToken cancellationToken)
    {
        var account = await accounts.VerifyAsync(username ?? string.Empty, password, cancellationToken).ConfigureAwait(false);
        AddAccount(identity, account, allowedRoles);
        if (!account.TotpEnrolled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(oneTimeCode))
        {
            throw new SecondFactorRequiredException();
        }

        if (!await accounts.UseTotpCodeAsync(account.Username, oneTimeCode, time.GetUtcNow(), cancellationToken).ConfigureAwait(false))
        {
            throw new SignInFailedException();
        }
    }

    private static void AddAccount(ClaimsIdentity identity, Account account, params string[] allowedRoles)
    {
        if (!allowedRoles.Contains(account.Role))
        {
            throw new SignInFailedException();
        }

        identity.AddClaim(new Claim(ClaimTypes.Name, account.Username));
        identity.AddClaim(new Claim(ClaimTypes.Role, account.Role));
        identity.AddClaim(new Claim(EmrClaims.Stamp, account.Stamp));
        if (account.PractitionerIndex is { } index)
        {
            identity.AddClaim(new Claim(EmrClaims.PractitionerIndex, index.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
