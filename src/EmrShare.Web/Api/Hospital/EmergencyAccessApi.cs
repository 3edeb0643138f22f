using System.Security.Claims;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Hospital;

/// <summary>Break-glass for a record held by another hospital (issue 16 #9); clinicians with a practitioner key.</summary>
internal static class EmergencyAccessApi
{
    public static RouteGroupBuilder MapEmergencyAccess(this RouteGroupBuilder api)
    {
        api.MapPost("/emergency-access", async Task<Ok<EmergencyAccessResult>> (EmergencyAccessBody body, ClaimsPrincipal user, HospitalDesk desk, CancellationToken ct) =>
                TypedResults.Ok(await desk.RequestEmergencyAccessAsync(body, user, "POST /api/emergency-access", ct).ConfigureAwait(false)))
            .WithTags("Sharing")
            .WithSummary("Emergency (break-glass) request for a record held by another hospital: logged on chain with the reason; the custodian serves it under its policy; the copy is verified, filed under the chart given and read (audited, shown to the patient).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return api;
    }
}

/// <summary>
/// An emergency request: the custodian's address, the record's id there, the reason (1 unconscious, 2 life-threatening,
/// 3 other), this hospital's chart id for the patient, and optionally the patient's pseudonym at the custodian. The
/// copy's patient is compared with the chart before it is filed (409 with the differing fields); a clinician who has
/// checked gives <paramref name="OverrideReason"/> to file it anyway (override log and audit line). The 409 names the
/// refused copy's <c>quarantineId</c>: sending it back with the reason files the copy already received (held back
/// encrypted, in no chart), with no second request to the custodian (review finding 8).
/// </summary>
public sealed record EmergencyAccessBody(string? Custodian, string? RecordId, int? ReasonCode, string? LocalPatientId, string? PatientPseudonym = null,
    string? OverrideReason = null, string? QuarantineId = null);

/// <summary>The verified copy filed here, the request and fulfilment transactions, and the read logged for the patient.</summary>
public sealed record EmergencyAccessResult(string RecordId, uint Version, string Custodian, string LocalPatientId, string RequestTransaction,
    string FulfilmentTransaction, RecordDetail Record, TransactionResult ReadLogged);
