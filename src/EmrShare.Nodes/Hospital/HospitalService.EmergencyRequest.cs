using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// An emergency request for a record held by another hospital (issue 16 #9). The chain carries only the custodian,
/// the record id and the reason code (1 unconscious patient, 2 life-threatening emergency, 3 other), so the caller
/// must know the record's id at the custodian (from the patient's wallet or emergency card, a referral letter, or
/// the custodian's records desk). <paramref name="LocalPatientId"/> is the chart here the copy is filed under (an
/// unconscious patient has not checked in, so there is no pseudonym here yet). <paramref name="ExpectedPatient"/>,
/// when known (the patient's pseudonym at the custodian), must match the manifest. Before the copy is filed, its
/// patient is compared with the chart (review C7, HospitalService.EmergencyChart.cs): a mismatch is refused unless
/// <paramref name="Override"/> gives a reason, which is kept in the override log with an audit line.
/// </summary>
public sealed record EmergencyRequest(ChainAddress Custodian, RecordId RecordId, ushort ReasonCode, ChainAddress Practitioner, string LocalPatientId, Pseudonym? ExpectedPatient = null,
    DemographicsOverride? Override = null)
{
    /// <summary>Highest break-glass reason code (docs/interfaces.md): 1 unconscious, 2 life-threatening, 3 other.</summary>
    public const ushort MaxReasonCode = 3;

    /// <summary>The practitioner who filed a quarantined copy with an override (override log), when not the requester.</summary>
    public ChainAddress? FiledBy { get; init; }
}

public sealed partial class HospitalService
{
    /// <summary>Audit kind of an emergency request this hospital sent (counterpart: the custodian).</summary>
    public const string EmergencyRequestAudit = "break-glass-request";

    /// <summary>
    /// Requester side of break-glass for a record held elsewhere: checks the custodian is reachable (nothing goes on
    /// chain for a custodian the directory does not know), sends <c>requestEmergencyAccess</c> as the practitioner,
    /// then collects and verifies the custodian's answer exactly like a granted share — plus the chain's
    /// <c>BreakGlassAccessed</c> entry naming this hospital under the manifest's patient, so the copy is stored only
    /// once the patient's log shows the emergency access. A refusal → <see cref="AccessDeniedException"/> (signed by
    /// the custodian); no answer → <see cref="FulfilmentTimeoutException"/>; nothing is stored on failure.
    /// </summary>
    public async Task<RecordReceived> RequestEmergencyRecordAsync(EmergencyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfZero(request.ReasonCode);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.ReasonCode, EmergencyRequest.MaxReasonCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.LocalPatientId);
        if (request.Custodian == Address)
        {
            throw new AccessDeniedException("this hospital holds the record itself: open it with break-glass here");
        }

        _ = PractitionerKey(request.Practitioner); // an unknown practitioner is refused before anything else
        await _directory.EnsureKnownAsync(request.Custodian, cancellationToken).ConfigureAwait(false);
        var asPractitioner = await BindPractitionerAsync(request.Practitioner, cancellationToken).ConfigureAwait(false);
        AccessRequestReceipt requested;
        try
        {
            requested = await asPractitioner.AccessControl.RequestEmergencyAccessAsync(request.Custodian.ToString(), request.RecordId.ToBytes32(), request.ReasonCode, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException ex)
        {
            throw new AccessDeniedException($"the chain refused the emergency request ({ex.ErrorName})", ex);
        }

        await AuditAsync(EmergencyRequestAudit, request.RecordId.ToString(), request.Custodian.Lower, requested.Receipt.TransactionHash, cancellationToken).ConfigureAwait(false);
        var pending = new PendingRequest(requested.RequestId.ToHash32(), Hash32.Zero, request.RecordId, request.Custodian, requested.Receipt) { Emergency = request };
        return await AwaitFulfilmentAsync(pending, _options.FulfilmentTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Verifies an emergency delivery: the chain must log <c>BreakGlassAccessed</c> by our practitioner, under our
    /// hospital, for this record and the manifest's patient (the custodian named that pseudonym on chain, so the
    /// patient sees the access); then every check of a granted share (<see cref="ImportVerifiedAsync"/>).
    /// </summary>
    private async Task<RecordReceived> ImportEmergencyAsync(Fulfilment fulfilment, PendingRequest pending, EmergencyRequest request, HospitalContact custodian, CancellationToken cancellationToken,
        byte[]? quarantinedEnvelope = null)
    {
        var patient = fulfilment.Manifest.Patient;
        if (request.ExpectedPatient is { } expected && expected != patient)
        {
            throw new RecordVerificationException("the manifest names another patient than the one this emergency request is for");
        }

        var logged = await Chain.AccessControl.GetBreakGlassAccessesAsync(patient.Address.ToString(), cancellationToken).ConfigureAwait(false);
        if (!logged.Any(l => string.Equals(l.Hospital, Address.ToString(), StringComparison.OrdinalIgnoreCase)
                && string.Equals(l.Practitioner, request.Practitioner.ToString(), StringComparison.OrdinalIgnoreCase)
                && l.RecordId == request.RecordId.ToBytes32()))
        {
            throw new RecordVerificationException("the chain shows no break-glass entry for this patient, record and hospital: the patient would not see this access");
        }

        return await ImportVerifiedAsync(fulfilment, pending.RecordId, patient, request.LocalPatientId, custodian, pending.Receipt, cancellationToken,
            new EmergencyDelivery(request, pending, quarantinedEnvelope)).ConfigureAwait(false);
    }
}
