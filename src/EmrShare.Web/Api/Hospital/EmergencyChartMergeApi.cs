using System.Security.Claims;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Hospital;

/// <summary>
/// Emergency charts and the patient's chart (issue 16): a check-in merges an emergency chart that is the same patient
/// by itself; a near miss is listed here and merged only by the clerk, with a reason when fields differ.
/// </summary>
internal static class EmergencyChartMergeApi
{
    public static RouteGroupBuilder MapEmergencyChartMerge(this RouteGroupBuilder api)
    {
        api.MapGet("/patients/{localId}/emergency-charts", async Task<Ok<IReadOnlyList<EmergencyChartQuestion>>> (string localId, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.ListEmergencyChartQuestionsAsync(localId, ct).ConfigureAwait(false)))
            .WithTags("Patients")
            .WithSummary("Emergency charts that may be this patient's but differ in something (field names, never values): the clerk decides.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/patients/{localId}/emergency-charts/{emergencyChart}/merge", async Task<Ok<EmergencyChartMerged>> (string localId, string emergencyChart, EmergencyChartMergeBody body, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.MergeEmergencyChartAsync(localId, emergencyChart, body, user, ct).ConfigureAwait(false)))
            .WithTags("Patients")
            .WithSummary("Merge an emergency chart into the patient's chart: its records move, the merge is audited; 409 with the differing fields unless the charts are the same patient beyond doubt (pseudonym or identifier agrees) or overrideReason is given (override log with the account, audited).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}

/// <summary>An emergency chart that may be the patient's: the fields that agree and those that differ (names only).</summary>
public sealed record EmergencyChartQuestion(string EmergencyChart, IReadOnlyList<string> Agreeing, IReadOnlyList<string> Mismatches);

/// <summary>The clerk's decision; <paramref name="OverrideReason"/> is required when fields differ.</summary>
public sealed record EmergencyChartMergeBody(string? OverrideReason = null);

/// <summary>The merge done: how many record versions moved.</summary>
public sealed record EmergencyChartMerged(string EmergencyChart, string LocalPatientId, int Moved);
