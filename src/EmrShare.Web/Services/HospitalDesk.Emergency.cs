using System.Security.Claims;
using EmrShare.Core;
using EmrShare.Nodes;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Hospital;

namespace EmrShare.Web.Services;

public sealed partial class HospitalDesk
{
    /// <summary>
    /// Break-glass for a record held by another hospital (issue 16 #9): the signed-in clinician's practitioner key sends
    /// the emergency request on chain, the custodian serves it under its policy, the copy is verified and filed under
    /// the chart given, then read through the read gate under break-glass (audited here, logged for the patient).
    /// Every check that needs no chain runs first, so bad input or a caller who may not break the glass costs nothing.
    /// </summary>
    public async Task<EmergencyAccessResult> RequestEmergencyAccessAsync(EmergencyAccessBody body, ClaimsPrincipal user, string route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var input = new InputValidator();
        var custodian = default(ChainAddress);
        if (!InputValidator.IsHex(body.Custodian?.Trim(), 20))
        {
            input.Add("custodian", "Choose the hospital that holds the record (or give its address: 0x followed by 40 hexadecimal digits).");
        }
        else
        {
            custodian = ChainAddress.Parse(body.Custodian!.Trim());
            if (custodian == Hospital.Address)
            {
                input.Add("custodian", "This hospital holds that record itself: open it from its record page and break the glass there.");
            }
        }

        var record = default(RecordId);
        if (!InputValidator.IsHex(body.RecordId?.Trim(), 32))
        {
            input.Add("recordId", "Enter the record's id at that hospital: 0x followed by 64 hexadecimal digits (on the patient's emergency card or wallet, a referral letter, or from that hospital's records desk).");
        }
        else
        {
            record = RecordId.Parse(body.RecordId!.Trim());
        }

        if (body.ReasonCode is not (>= 1 and <= EmergencyRequest.MaxReasonCode))
        {
            input.Add("reasonCode", "Choose why the patient cannot consent.");
        }

        var chart = body.LocalPatientId?.Trim();
        if (string.IsNullOrEmpty(chart) || chart.Length > 100)
        {
            input.Add("localPatientId", "Enter this hospital's chart or admission number for the patient (up to 100 characters).");
        }

        Pseudonym? expected = null;
        if (!string.IsNullOrWhiteSpace(body.PatientPseudonym))
        {
            if (InputValidator.IsHex(body.PatientPseudonym.Trim(), 20))
            {
                expected = new Pseudonym(ChainAddress.Parse(body.PatientPseudonym.Trim()));
            }
            else
            {
                input.Add("patientPseudonym", "Leave empty, or enter the patient's pseudonym at that hospital: 0x followed by 40 hexadecimal digits.");
            }
        }

        var quarantined = body.QuarantineId?.Trim();
        if (!string.IsNullOrEmpty(quarantined))
        {
            if (quarantined.Length != 32 || !quarantined.All(char.IsAsciiHexDigitLower))
            {
                input.Add("quarantineId", "The copy held back for this request is no longer known: request the record again.");
            }

            // Break-glass fix 1: the reason is needed only where the copy still names another person than the chart
            // given now; a corrected chart number is checked again (the service decides, 400 or 409 naming the fields).
        }

        input.ThrowIfInvalid();
        var decision = Override(body.OverrideReason);
        var reader = StaffReaders.Of(user, Hospital.Keys.PractitionerAddresses, route, (ushort)body.ReasonCode!.Value);
        if (reader.Role != StaffRole.Clinician)
        {
            throw new AccessDeniedException("hospital administrators do not read record content");
        }

        var practitioner = reader.Practitioner ?? throw new PractitionerRequiredException("this account has no practitioner key to sign the emergency request with");
        // Review finding 8: an override files the copy already received and held back (quarantine), with no second request.
        var received = string.IsNullOrEmpty(quarantined)
            ? await Hospital.RequestEmergencyRecordAsync(new EmergencyRequest(custodian, record, reader.BreakGlassReason!.Value, practitioner, chart!, expected, decision), cancellationToken).ConfigureAwait(false)
            : await Hospital.FileQuarantinedEmergencyAsync(new QuarantineFiling(quarantined, chart, record, custodian, decision), practitioner, cancellationToken).ConfigureAwait(false);
        chart = (await Hospital.Database.FindLatestRecordAsync(received.RecordId.ToString(), cancellationToken).ConfigureAwait(false))?.LocalPatientId ?? chart;
        var read = await Hospital.Reader.ReadAsync(received.RecordId, reader, cancellationToken).ConfigureAwait(false);
        return new EmergencyAccessResult(received.RecordId.ToString(), received.Version, received.Custodian.ToString(), chart!,
            received.Request.TransactionHash, received.FulfilmentTransaction, await DetailAsync(read.Record, cancellationToken).ConfigureAwait(false), TransactionResult.Of(read.Logged!));
    }
}
