using EmrShare.Core;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Review C7: an emergency copy is filed under the chart number the clinician typed, and the record id came from a
/// card, a letter or a phone call. A mistyped id must not put another person's record into this chart, so before
/// filing, the copy's patient is compared with the chart, with the same rule as the wrong-patient check of a create
/// (issue 16 item 7): the record's Patient demographics against the chart's, and the custodian's pseudonym against
/// the one of copies from the same custodian already in the chart. A mismatch is refused, or filed only with an
/// explicit override and a reason (override log and audit line).
/// </summary>
public sealed partial class HospitalService
{
    /// <summary>Mismatch field named when the chart already holds a copy from this custodian about another pseudonym.</summary>
    public const string CustodianPseudonymField = "patient pseudonym at the custodian";

    private async Task<PatientCheck> CheckEmergencyChartAsync(EmergencyRequest request, Pseudonym patient, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        // A custodian names one patient by one pseudonym in every manifest, so a copy from it under another
        // pseudonym in this chart is another person's record.
        var held = await Database.ListChartRecordsAsync(request.LocalPatientId, cancellationToken).ConfigureAwait(false);
        var otherPerson = held.Any(r => r.Origin == "received" && string.Equals(r.Custodian, request.Custodian.Lower, StringComparison.Ordinal)
            && !string.Equals(r.Pseudonym, patient.Address.Lower, StringComparison.Ordinal));
        if (otherPerson && request.Override is null)
        {
            throw new PatientMismatchException([CustodianPseudonymField]);
        }

        var check = await CheckPatientAsync(request.LocalPatientId, content, contentType, request.Override, cancellationToken).ConfigureAwait(false);
        return otherPerson ? check with { Mismatches = [.. check.Mismatches, CustodianPseudonymField] } : check;
    }
}
