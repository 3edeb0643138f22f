using System.Security.Claims;
using EmrShare.Nodes;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Hospital;

/// <summary>
/// Need-to-know administration and the read audit (admin only): assign a staff account to a patient so it may read
/// the patient's records outside the check-in window, end the assignment, and list or export every decrypting read.
/// </summary>
internal static class CareAccessApi
{
    public static RouteGroupBuilder MapCareAccess(this RouteGroupBuilder api)
    {
        var assignments = api.MapGroup("/assignments").RequireAuthorization(Policies.HospitalAdmin).WithTags("Care assignments");
        assignments.MapGet("/", async Task<Ok<IReadOnlyList<CareAssignment>>> (HospitalActor actor, CancellationToken ct) =>
                TypedResults.Ok<IReadOnlyList<CareAssignment>>([.. (await actor.Hospital.Database.ListAssignmentsAsync(ct).ConfigureAwait(false)).Select(CareAssignment.Of)]))
            .WithSummary("Staff accounts assigned to patients (admin).");
        assignments.MapPost("/", async Task<Created<CareAssignment>> (AssignmentBody body, ClaimsPrincipal user, HospitalActor actor, TimeProvider time, CancellationToken ct) =>
            {
                ArgumentNullException.ThrowIfNull(body);
                var input = new InputValidator();
                var staff = input.Text("actor", body.Actor, 100);
                var patient = input.Text("localPatientId", body.LocalPatientId, 100);
                input.ThrowIfInvalid();
                _ = await actor.Hospital.Database.FindPatientAsync(patient, ct).ConfigureAwait(false) ?? throw new UnknownEntityException("no such patient here");
                var account = (await actor.Accounts.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(a => a.Username == staff)
                    ?? throw new UnknownEntityException("no such staff account");
                if (account.Role != Roles.Clinician)
                {
                    throw new RequestValidationException("actor", "a clinician account (admins never read record content)");
                }

                var row = new CareAssignmentRow { Actor = staff, LocalPatientId = patient, AssignedBy = user.Identity?.Name ?? "?", At = time.GetUtcNow().ToUnixTimeSeconds() };
                await actor.Hospital.Database.AssignAsync(row, ct).ConfigureAwait(false);
                return TypedResults.Created("/api/assignments", CareAssignment.Of(row));
            })
            .WithSummary("Assign a staff account to a patient: its reads of the patient's records need no recent check-in (admin).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        assignments.MapDelete("/{actor}/{localPatientId}", async Task<NoContent> (string actor, string localPatientId, HospitalActor hospital, CancellationToken ct) =>
                await hospital.Hospital.Database.UnassignAsync(actor, localPatientId, ct).ConfigureAwait(false)
                    ? TypedResults.NoContent()
                    : throw new UnknownEntityException("no such assignment"))
            .WithSummary("End an assignment (admin).").ProducesProblem(StatusCodes.Status404NotFound);

        var reads = api.MapGroup("/audit/reads").RequireAuthorization(Policies.HospitalAdmin).WithTags("Audit");
        reads.MapGet("/", async Task<Ok<IReadOnlyList<ReadAuditLine>>> (HospitalActor actor, CancellationToken ct) =>
                TypedResults.Ok<IReadOnlyList<ReadAuditLine>>([.. (await actor.Hospital.Database.ListReadsAsync(ct).ConfigureAwait(false)).Select(ReadAuditLine.Of)]))
            .WithSummary("Every decrypting read and refused read attempt: who, role, record, patient, route, basis, time (admin).");
        reads.MapGet("/fhir", async Task<ContentHttpResult> (HospitalActor actor, CancellationToken ct) =>
                TypedResults.Content(ReadAuditExport.ToJson(await actor.Hospital.Database.ListReadsAsync(ct).ConfigureAwait(false), actor.Hospital.Address.ToString()), "application/fhir+json"))
            .WithSummary("The read audit as a FHIR AuditEvent Bundle (admin).").Produces<string>(StatusCodes.Status200OK, "application/fhir+json");
        return api;
    }
}

/// <summary>Assign staff account <see cref="Actor"/> (its sign-in name) to the patient with <see cref="LocalPatientId"/>.</summary>
public sealed record AssignmentBody(string? Actor, string? LocalPatientId);

/// <summary>A staff account assigned to a patient, by whom and when.</summary>
public sealed record CareAssignment(string Actor, string LocalPatientId, string AssignedBy, DateTimeOffset At)
{
    public static CareAssignment Of(CareAssignmentRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new CareAssignment(row.Actor, row.LocalPatientId, row.AssignedBy, DateTimeOffset.FromUnixTimeSeconds(row.At));
    }
}

/// <summary>One line of the read audit (basis: check-in, assignment, break-glass or refused).</summary>
public sealed record ReadAuditLine(long Id, DateTimeOffset At, string Actor, string Role, string RecordId, long? Version, string? LocalPatientId, string Route, string Basis, string? Reason, string? TransactionHash)
{
    public static ReadAuditLine Of(ReadAuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new ReadAuditLine(row.Id, DateTimeOffset.FromUnixTimeSeconds(row.At), row.Actor, row.Role, row.RecordId, row.Version, row.LocalPatientId, row.Route, row.Basis, row.Reason, row.TransactionHash);
    }
}
