using System.Security.Claims;
using EmrShare.Web.Auth;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Hospital;

/// <summary>
/// The hospital's REST API for its EMR and for staff: patients, records, sharing, audit. Records are signed by
/// the practitioner key named in the caller's claim (403 without one); erase and audit are admin-only.
/// </summary>
internal static class HospitalApi
{
    private static readonly string[] FhirTypes = ["application/fhir+json", "application/fhir+xml"];

    public static IEndpointRouteBuilder MapHospitalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.HospitalStaff).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        MapPatients(api.MapGroup("/patients").WithTags("Patients"));
        MapDemographics(api.MapGroup("/patients").WithTags("Patients"));
        MapRecords(api.MapGroup("/records").WithTags("Records"));
        MapSharing(api);
        api.MapCareAccess();
        api.MapEmergencyAccess();
        api.MapEmergencyChartMerge();
        api.MapGet("/audit", async Task<Ok<IReadOnlyList<AuditLine>>> (HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetAuditAsync(ct).ConfigureAwait(false)))
            .RequireAuthorization(Policies.HospitalAdmin).WithTags("Audit").WithSummary("This hospital's local audit lines (admin).");
        api.MapGet("/audit/fhir", async Task<ContentHttpResult> (HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Content(await desk.ExportAuditAsync(ct).ConfigureAwait(false), "application/fhir+json"))
            .RequireAuthorization(Policies.HospitalAdmin).WithTags("Audit").WithSummary("The local audit as a FHIR AuditEvent Bundle (admin).")
            .Produces<string>(StatusCodes.Status200OK, "application/fhir+json");
        return app;
    }

    private static void MapPatients(RouteGroupBuilder patients)
    {
        patients.MapGet("/", async Task<Ok<IReadOnlyList<PatientSummary>>> (HospitalDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListPatientsAsync(ct).ConfigureAwait(false))).WithSummary("Patients seen here.");
        patients.MapGet("/{localId}", async Task<Ok<PatientDetail>> (string localId, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetPatientAsync(localId, ct).ConfigureAwait(false)))
            .WithSummary("One patient and their records held here.").ProducesProblem(StatusCodes.Status404NotFound);
        patients.MapPost("/{localId}/records", async Task<Created<RecordWritten>> (string localId, string? overrideReason, HttpRequest request, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
                var written = await desk.CreateRecordAsync(localId, body, request.ContentType, StaffClaims.PractitionerIndex(user), overrideReason, ct).ConfigureAwait(false);
                return TypedResults.Created($"/api/records/{written.RecordId}", written);
            })
            .Accepts<string>(FhirTypes[0], FhirTypes[1])
            .WithSummary("Create a record from a FHIR JSON/XML body (invalid FHIR → 422 with issues; another patient than the chart's → 409 unless overrideReason is given).")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        patients.MapPost("/{localId}/imports", async Task<Created<ImportResult>> (string localId, string? format, string? overrideReason, HttpRequest request, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
                var written = await desk.ImportWithReportAsync(localId, format, body, StaffClaims.PractitionerIndex(user), overrideReason, ct).ConfigureAwait(false);
                return TypedResults.Created($"/api/records/{written.RecordId}", written);
            })
            .Accepts<string>("text/plain", "application/hl7-v2", "application/xml", "application/octet-stream", "text/csv", "application/fhir+json", "application/fhir+xml", "application/json").WithSummary("Import a native document (format = hl7v2 incl. MLLP and FHS/BHS batches — one record per message, ccda, csv with the hospital's mapping, fhir+json, fhir+xml); the response lists what was not imported.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static void MapDemographics(RouteGroupBuilder patients) =>
        patients.MapPut("/{localId}/demographics", async Task<NoContent> (string localId, HttpRequest request, HospitalDesk desk, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadResourceAsync(request, ct).ConfigureAwait(false);
                await desk.RegisterDemographicsAsync(localId, body, request.ContentType, ct).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .Accepts<string>(FhirTypes[0], FhirTypes[1])
            .WithSummary("Register or correct the chart's demographics (a FHIR Patient; kept here, sealed, never on chain). Every record is checked against them.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static void MapRecords(RouteGroupBuilder records)
    {
        records.MapGet("/", async Task<Ok<IReadOnlyList<RecordSummary>>> (HospitalDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListRecordsAsync(ct).ConfigureAwait(false))).WithSummary("Every record version held here (metadata only).");
        records.MapGet("/{recordId}", async Task<Ok<RecordDetail>> (string recordId, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetRecordAsync(recordId, user, "GET /api/records/{id}", ct).ConfigureAwait(false)))
            .WithSummary("The newest version: metadata, decrypted content, readable summary, timeline. Audited; clinicians only, with a care relationship (recent check-in or assignment), else 403: use break-glass.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone);
        records.MapGet("/{recordId}/versions", async Task<Ok<IReadOnlyList<RecordSummary>>> (string recordId, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.GetTimelineAsync(recordId, ct).ConfigureAwait(false)))
            .WithSummary("The record's versions held here (timeline).").ProducesProblem(StatusCodes.Status404NotFound);
        records.MapPost("/{recordId}/versions", async Task<Created<RecordWritten>> (string recordId, string? overrideReason, HttpRequest request, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
            {
                var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
                var written = await desk.AmendRecordAsync(recordId, body, request.ContentType, StaffClaims.PractitionerIndex(user), overrideReason, ct).ConfigureAwait(false);
                return TypedResults.Created($"/api/records/{written.RecordId}", written);
            })
            .Accepts<string>(FhirTypes[0], FhirTypes[1]).WithSummary("Amend: a new version from a FHIR body, under a new data key.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status410Gone).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        records.MapPost("/{recordId}/break-glass", async Task<Ok<BreakGlassResult>> (string recordId, BreakGlassBody body, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.BreakGlassAsync(recordId, body, user, "POST /api/records/{id}/break-glass", ct).ConfigureAwait(false)))
            .WithSummary("Emergency read without consent, logged on chain first (reason 1–3).").ProducesProblem(StatusCodes.Status404NotFound);
        records.MapDelete("/{recordId}", async Task<NoContent> (string recordId, HospitalDesk desk, CancellationToken ct) =>
            {
                await desk.EraseAsync(recordId, ct).ConfigureAwait(false);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.HospitalAdmin).WithSummary("Erase by crypto-shredding (admin).").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void MapSharing(RouteGroupBuilder api)
    {
        api.MapPost("/access-requests", async Task<Ok<AccessResult>> (AccessRequestBody body, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.RequestAccessAsync(body, user, "POST /api/access-requests", ct).ConfigureAwait(false)))
            .WithTags("Sharing").WithSummary("Request a record under a grant held here; returns the verified stored record.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status504GatewayTimeout);
        api.MapGet("/access-requests/incoming", async Task<Ok<IReadOnlyList<IncomingRequest>>> (HospitalDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListIncomingRequestsAsync(ct).ConfigureAwait(false))).WithTags("Sharing").WithSummary("Requests for records held here and their fulfilments/refusals.");
        api.MapGet("/grants", async Task<Ok<IReadOnlyList<HeldGrant>>> (HospitalDesk desk, CancellationToken ct) =>
            TypedResults.Ok(await desk.ListGrantsAsync(ct).ConfigureAwait(false))).WithTags("Sharing").WithSummary("Grants this hospital holds as grantee.");
    }
}
