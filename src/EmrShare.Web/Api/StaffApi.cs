using System.Security.Claims;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api;

/// <summary>Staff account administration for the Center and each hospital (admin only; every change audited).</summary>
internal static class StaffApi
{
    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder app, WebActor actor)
    {
        if (actor is not (CenterActor or HospitalActor))
        {
            return app;
        }

        var api = app.MapGroup("/api/staff").WithTags("Staff accounts").RequireAuthorization(Policies.StaffAdmin)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/", async Task<Ok<IReadOnlyList<StaffAccountView>>> (StaffAdministration staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.ListAsync(ct).ConfigureAwait(false))).WithSummary("This node's staff accounts, with the practitioner key each clinician signs with and whether the Registry lists it.");
        api.MapGet("/practitioner-keys", async Task<Ok<IReadOnlyList<PractitionerKeyStatus>>> (StaffAdministration staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.PractitionerKeysAsync(ct).ConfigureAwait(false))).WithSummary("This hospital's practitioner keys and their on-chain registration (empty at the Center).");
        api.MapGet("/audit", async Task<Ok<IReadOnlyList<AccountAuditLine>>> (StaffAdministration staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.AuditAsync(ct).ConfigureAwait(false))).WithSummary("The last 100 account actions, newest first.");
        api.MapPost("/", async Task<Created<StaffAccountView>> (NewStaffAccount request, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var created = await staff.CreateAsync(request, user, ct).ConfigureAwait(false);
            return TypedResults.Created($"/api/staff/{Uri.EscapeDataString(created.Username)}", created);
        }).WithSummary("Create an account (password policy applies; a clinician needs a practitioner key). 409 if the user name is taken.").ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{username}/password", async Task<NoContent> (string username, PasswordReset request, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await staff.ResetPasswordAsync(username, request, user, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithSummary("Set a new password (policy applies); the account's sessions end.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{username}/disable", async Task<NoContent> (string username, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await staff.SetDisabledAsync(username, disabled: true, user, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithSummary("Disable an account: it cannot sign in and its live sessions end.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{username}/enable", async Task<NoContent> (string username, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await staff.SetDisabledAsync(username, disabled: false, user, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithSummary("Enable a disabled account again.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/operator-tokens", async Task<Ok<IReadOnlyList<OperatorTokenView>>> (StaffAdministration staff, CancellationToken ct) =>
            TypedResults.Ok(await staff.OperatorTokensAsync(ct).ConfigureAwait(false))).WithSummary("The live operator tokens of every account: id (for revocation; not the token), account, scope, issue, expiry and last use.");
        api.MapDelete("/operator-tokens/{id}", async Task<Ok<OperatorTokenView>> (string id, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await staff.RevokeOperatorTokenAsync(id, user, ct).ConfigureAwait(false)))
            .WithSummary("Revoke another account's operator token: refused from its next request on; written to the account audit.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/me/totp", Ok<TotpEnrolment> (StaffAdministration staff, ClaimsPrincipal user) => TypedResults.Ok(staff.BeginTotp(user)))
            .WithSummary("Start two-factor sign-in for the signed-in admin: a new secret and its otpauth:// URI (not stored until confirmed).");
        api.MapPost("/me/totp/confirm", async Task<NoContent> (TotpConfirmation request, StaffAdministration staff, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await staff.ConfirmTotpAsync(request, user, ct).ConfigureAwait(false);
            return TypedResults.NoContent();
        }).WithSummary("Confirm with a current code; from then on sign-in asks for a code (RFC 6238, 6 digits, 30 s).");
        return app;
    }
}
