using System.Security.Claims;
using System.Text.RegularExpressions;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Hosting;
using EmrShare.Web.Services;

namespace EmrShare.Web.Auth;

/// <summary>A staff account as the administration pages and API show it (never its password hash or TOTP secret).</summary>
public sealed record StaffAccountView(string Username, string Role, int? PractitionerIndex, string? PractitionerAddress, bool? PractitionerRegistered, bool Disabled);

/// <summary>A new staff account: user name, role, the practitioner key a clinician signs with, and the first password.</summary>
public sealed record NewStaffAccount(string? Username, string? Role, int? PractitionerIndex, string? Password);

/// <summary>A TOTP secret offered for enrolment: type <see cref="Secret"/> or import <see cref="Uri"/> into an authenticator app.</summary>
public sealed record TotpEnrolment(string Secret, string Uri);

/// <summary>Confirms an enrolment with the secret offered and a code the authenticator app now shows.</summary>
public sealed record TotpConfirmation(string? Secret, string? Code);

/// <summary>A new password set by an administrator.</summary>
public sealed record PasswordReset(string? Password);

/// <summary>
/// What an administrator does with this actor's staff accounts: create (hospital clinicians linked to a practitioner
/// key of this hospital), reset a password, disable and enable. Every action is checked against the password policy
/// where it sets one, written with its audit line in the accounts file, and for a hospital also into the hospital's
/// local audit log (<c>/api/audit</c>, the FHIR AuditEvent export).
/// </summary>
public sealed partial class StaffAdministration(WebActor actor, TimeProvider time)
{
    private AccountStore Accounts => actor switch
    {
        CenterActor center => center.Accounts,
        HospitalActor hospital => hospital.Accounts,
        _ => throw new InvalidOperationException("this actor has no staff accounts"),
    };

    /// <summary>The roles an admin of this actor may give.</summary>
    public IReadOnlyList<string> AssignableRoles => actor is CenterActor ? [Roles.CenterAdmin] : [Roles.Clinician, Roles.HospitalAdmin];

    public async Task<IReadOnlyList<PractitionerKeyStatus>> PractitionerKeysAsync(CancellationToken cancellationToken) =>
        actor is HospitalActor hospital ? await hospital.Hospital.ListPractitionerKeysAsync(cancellationToken).ConfigureAwait(false) : [];

    public async Task<IReadOnlyList<StaffAccountView>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await PractitionerKeysAsync(cancellationToken).ConfigureAwait(false);
        return [.. (await Accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a =>
        {
            var key = a.PractitionerIndex is { } i ? keys.FirstOrDefault(k => k.Index == i) : null;
            return new StaffAccountView(a.Username, a.Role, a.PractitionerIndex, key?.Address.ToString(), key?.RegisteredHere, a.Disabled);
        })];
    }

    public Task<IReadOnlyList<AccountAuditLine>> AuditAsync(CancellationToken cancellationToken) => Accounts.ListAuditAsync(100, cancellationToken);

    public async Task<StaffAccountView> CreateAsync(NewStaffAccount request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var username = request.Username?.Trim() ?? string.Empty;
        if (!UserNamePattern().IsMatch(username))
        {
            errors["username"] = ["Enter a user name of 3–64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        var role = request.Role?.Trim() ?? string.Empty;
        if (!AssignableRoles.Contains(role))
        {
            errors["role"] = [$"Choose one of: {string.Join(", ", AssignableRoles)}."];
        }

        var keys = await PractitionerKeysAsync(cancellationToken).ConfigureAwait(false);
        if (role == Roles.Clinician && (request.PractitionerIndex is not { } index || !keys.Any(k => k.Index == index)))
        {
            errors["practitionerIndex"] = ["Choose the practitioner key this clinician signs records with."];
        }
        else if (role != Roles.Clinician && request.PractitionerIndex is not null)
        {
            errors["practitionerIndex"] = ["Only clinicians are linked to a practitioner key."];
        }

        var verdict = PasswordPolicy.Check(username, request.Password);
        if (!verdict.Accepted)
        {
            errors["password"] = [verdict.Reason!];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        await Accounts.CreateAsync(username, request.Password!, role, request.PractitionerIndex, NameOf(admin), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await MirrorAsync("account-create", username, admin, cancellationToken).ConfigureAwait(false);
        return (await ListAsync(cancellationToken).ConfigureAwait(false)).Single(a => a.Username == username);
    }

    public async Task ResetPasswordAsync(string username, PasswordReset request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = await Accounts.FindAsync(username, cancellationToken).ConfigureAwait(false) ?? throw new Nodes.UnknownEntityException("no such account");
        PasswordPolicy.Enforce(username, request.Password);
        await Accounts.ResetPasswordAsync(username, request.Password!, NameOf(admin), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await MirrorAsync("account-reset-password", username, admin, cancellationToken).ConfigureAwait(false);
    }

    public async Task SetDisabledAsync(string username, bool disabled, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (disabled && string.Equals(username, NameOf(admin), StringComparison.Ordinal))
        {
            // An admin who disables their own account could leave the node with no admin at all.
            throw new RequestValidationException("username", "You cannot disable your own account; ask another administrator.");
        }

        await Accounts.SetDisabledAsync(username, disabled, NameOf(admin), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await MirrorAsync(disabled ? "account-disable" : "account-enable", username, admin, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A fresh secret for the signed-in admin; nothing is stored until <see cref="ConfirmTotpAsync"/> proves the app has it.</summary>
    public TotpEnrolment BeginTotp(ClaimsPrincipal admin)
    {
        var secret = Totp.NewSecret();
        return new TotpEnrolment(secret, Totp.EnrolmentUri("EmrShare " + actor.DisplayName, NameOf(admin), secret));
    }

    public async Task ConfirmTotpAsync(TotpConfirmation request, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Secret is not { Length: 32 } secret || !secret.All(c => char.IsAsciiLetterUpper(c) || c is >= '2' and <= '7'))
        {
            throw new RequestValidationException("secret", "Start the set-up again: the secret is missing or malformed.");
        }

        if (Totp.Match(secret, request.Code, time.GetUtcNow(), lastUsedStep: 0) is null)
        {
            throw new RequestValidationException("code", "That code does not match. Enter the 6 digits your authenticator app shows now (check its clock).");
        }

        await Accounts.SetTotpSecretAsync(NameOf(admin), secret, NameOf(admin), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await MirrorAsync("account-totp-enrol", NameOf(admin), admin, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HasTotpAsync(ClaimsPrincipal admin, CancellationToken cancellationToken) =>
        (await Accounts.FindAsync(NameOf(admin), cancellationToken).ConfigureAwait(false))?.TotpEnrolled == true;

    private async Task MirrorAsync(string kind, string account, ClaimsPrincipal admin, CancellationToken cancellationToken)
    {
        if (actor is HospitalActor hospital)
        {
            await hospital.Hospital.Database.AddAuditAsync(
                new AuditRow { At = time.GetUtcNow().ToUnixTimeSeconds(), Kind = kind, Counterpart = $"{account} (by {NameOf(admin)})" }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string NameOf(ClaimsPrincipal admin) => admin.Identity?.Name ?? throw new Nodes.AccessDeniedException("not signed in");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")]
    private static partial Regex UserNamePattern();
}
