using System.Security.Claims;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EmrShare.Web.Auth;

/// <summary>
/// Checks credentials against the actor's own source of truth — staff accounts for the Center and hospitals, the
/// keystore passphrase for the patient — and issues the cookie or bearer token. A role that does not belong to
/// this actor (e.g. a clinician account in the Center's store) is refused like a wrong password.
/// </summary>
public sealed class SignInService(WebActor actor)
{
    public async Task<ClaimsPrincipal> AuthenticateAsync(string? username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role);
        switch (actor)
        {
            case PatientActor patient:
                // Loading the key proves the passphrase (wrong one → KeystorePassphraseException); the key is not kept.
                _ = await patient.KeyStore.LoadAsync(patient.KeyName, password, cancellationToken).ConfigureAwait(false);
                identity.AddClaim(new Claim(ClaimTypes.Name, "patient"));
                identity.AddClaim(new Claim(ClaimTypes.Role, Roles.Patient));

                break;
            case CenterActor center:
                AddAccount(identity, await center.Accounts.VerifyAsync(username ?? string.Empty, password, cancellationToken).ConfigureAwait(false), Roles.CenterAdmin);
                break;
            case HospitalActor hospital:
                AddAccount(identity, await hospital.Accounts.VerifyAsync(username ?? string.Empty, password, cancellationToken).ConfigureAwait(false), Roles.Clinician, Roles.HospitalAdmin);
                break;
            default:
                throw new SignInFailedException();
        }

        return new ClaimsPrincipal(identity);
    }

    public async Task<ClaimsPrincipal> SignInWithCookieAsync(HttpContext context, string? username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = await AuthenticateAsync(username, password, cancellationToken).ConfigureAwait(false);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);
        return principal;
    }

    /// <summary>Writes the bearer-token response (<c>access_token</c>, <c>expires_in</c>, <c>refresh_token</c>).</summary>
    public async Task SignInWithTokenAsync(HttpContext context, string? username, string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = await AuthenticateAsync(username, password, cancellationToken).ConfigureAwait(false);
        var bearer = new ClaimsPrincipal(new ClaimsIdentity(principal.Claims, BearerTokenDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
        await context.SignInAsync(BearerTokenDefaults.AuthenticationScheme, bearer).ConfigureAwait(false);
    }

    private static void AddAccount(ClaimsIdentity identity, Account account, params string[] allowedRoles)
    {
        if (!allowedRoles.Contains(account.Role))
        {
            throw new SignInFailedException();
        }

        identity.AddClaim(new Claim(ClaimTypes.Name, account.Username));
        identity.AddClaim(new Claim(ClaimTypes.Role, account.Role));
        if (account.PractitionerIndex is { } index)
        {
            identity.AddClaim(new Claim(EmrClaims.PractitionerIndex, index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
