using EmrShare.Web.Auth;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Patient;

/// <summary>The patient's wallet API: medical index, records, visits, grants, revocations, access log.</summary>
internal static class PatientApi
{
    public static IEndpointRouteBuilder MapPatientApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Patient).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/index", (PatientDesk desk) => TypedResults.Ok(desk.Index)).WithTags("Index").WithSummary("The medical index: which hospital holds which record.");
        api.MapGet("/index/{recordId}", async Task<Ok<PatientRecordView>> (string recordId, int? version, PatientDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.OpenRecordAsync(recordId, version, ct).ConfigureAwait(false)))
            .WithTags("Index").WithSummary("One record decrypted in the wallet, as FHIR JSON with its summary.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/summaries", async Task<Ok<IReadOnlyList<DiagnosisSummary>>> (PatientDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.GetSummariesAsync(ct).ConfigureAwait(false))).WithTags("Index").WithSummary("Diagnosis summaries of every indexed record.");
        api.MapPost("/visits", async Task<Ok<VisitResult>> (VisitRequest body, PatientDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.VisitAsync(body, ct).ConfigureAwait(false)))
            .WithTags("Visits").WithSummary("Visit a hospital (mutual-auth handshake) and collect new records.").ProducesProblem(StatusCodes.Status404NotFound);

        var grants = api.MapGroup("/grants").WithTags("Grants");
        grants.MapGet("/", (PatientDesk desk) => TypedResults.Ok(desk.Grants)).WithSummary("Grants given from this wallet.");
        grants.MapPost("/", async Task<Created<PatientGrant>> (GrantRequest body, PatientDesk desk, CancellationToken ct) =>
            {
                var grant = await desk.GrantAsync(body, ct).ConfigureAwait(false);
                return TypedResults.Created($"/api/grants/{grant.GrantId}", grant);
            })
            .WithSummary("Grant a hospital access to records at a custodian until an expiry (visits the grantee).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        grants.MapDelete("/{grantId}", async Task<Ok<PatientGrant>> (string grantId, string? relay, PatientDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.RevokeAsync(grantId, ct, relay).ConfigureAwait(false)))
            .WithSummary("Revoke a grant (signed here, relayed by the Center, or with relay=own by the wallet's own account); revoked only once the chain shows it, else revocationPending.").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/access-log", async Task<Ok<IReadOnlyList<AccessLogItem>>> (PatientDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.GetAccessLogAsync(ct).ConfigureAwait(false))).WithTags("Audit").WithSummary("Who accessed what and when (chain events; break-glass as alerts).");
        api.MapGet("/audit-export", async Task<ContentHttpResult> (PatientDesk desk, CancellationToken ct) =>
                TypedResults.Content(await desk.ExportAuditAsync(ct).ConfigureAwait(false), "application/fhir+json"))
            .WithTags("Audit").WithSummary("The access log as a FHIR AuditEvent Bundle.").Produces<string>(StatusCodes.Status200OK, "application/fhir+json");
        api.MapGet("/registration-request", (string? hospitals, PatientDesk desk) => TypedResults.Ok(desk.CreateRegistrationRequest(hospitals)))
            .WithTags("Registration").WithSummary("Commitment, pseudonyms (one per hospital address) and index account for the Center.");
        return app;
    }
}
