using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital break-glass</c>: emergency access to a record held by another hospital, for a patient who
/// cannot consent (issue 16 #9). One of this hospital's practitioners sends <c>requestEmergencyAccess</c> with a
/// reason code; the custodian (found in <c>--peers</c> or the Center's directory; an unknown one is refused before
/// anything goes on chain) serves it under its break-glass policy; the copy is verified like a granted share and
/// filed under the local chart given. The patient's log shows the access under this hospital. The record id at the
/// custodian is needed (the chain carries nothing else): from the patient's wallet or emergency card, a referral
/// letter, or the custodian's records desk.
/// </summary>
public sealed class HospitalBreakGlassCommand : ActorCommand<HospitalBreakGlassCommand.Settings>
{
    public sealed class Settings : HospitalSettings
    {
        [CommandOption("--custodian <ADDRESS>")]
        [Description("Chain address of the hospital that holds the record. Required.")]
        public string? Custodian { get; init; }

        [CommandOption("--record <ID>")]
        [Description("The record's id at the custodian. Required.")]
        public string? Record { get; init; }

        [CommandOption("--reason <CODE>")]
        [Description("Why consent cannot be asked: 1 unconscious patient, 2 life-threatening emergency, 3 other. Required.")]
        public int? Reason { get; init; }

        [CommandOption("--patient <LOCALID>")]
        [Description("This hospital's chart id to file the copy under (e.g. the emergency admission number). Required.")]
        public string? Patient { get; init; }

        [CommandOption("--patient-pseudonym <ADDRESS>")]
        [Description("The patient's pseudonym at the custodian, if known: the copy is refused unless its manifest names it.")]
        public string? PatientPseudonym { get; init; }

        [CommandOption("--override-patient-mismatch <REASON>")]
        [Description("File the copy although its patient does not match the chart (after checking); the reason is kept in the override log and audited.")]
        public string? OverridePatientMismatch { get; init; }

        [CommandOption("--practitioner <INDEX>")]
        [Description("Which of this hospital's practitioners breaks the glass (default 0); it sends and pays for the request.")]
        [DefaultValue(0)]
        public int Practitioner { get; init; }

        public override ValidationResult Validate() =>
            Custodian is null || Record is null || Reason is null || string.IsNullOrWhiteSpace(Patient)
                ? ValidationResult.Error("--custodian, --record, --reason and --patient are required")
            : Reason is not (>= 1 and <= EmergencyRequest.MaxReasonCode) ? ValidationResult.Error("--reason must be 1, 2 or 3")
            : Practitioner < 0 ? ValidationResult.Error("--practitioner must be ≥ 0")
            : OverridePatientMismatch is { } reason && string.IsNullOrWhiteSpace(reason) ? ValidationResult.Error("--override-patient-mismatch needs a reason")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var custodian = Args.Address(settings.Custodian!, "--custodian");
        var record = Args.Record(settings.Record!, "--record");
        Pseudonym? expected = settings.PatientPseudonym is { } p ? new Pseudonym(Args.Address(p, "--patient-pseudonym")) : null;
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var practitioner = HospitalCreateRecordCommand.PractitionerOf(session.Service, settings.Practitioner);
        var request = new EmergencyRequest(custodian, record, (ushort)settings.Reason!.Value, practitioner, settings.Patient!.Trim(), expected,
            settings.OverridePatientMismatch is { } why ? new DemographicsOverride(why) : null);
        var received = await Output.ProgressAsync("emergency request on chain, waiting for the custodian, verifying…",
            () => session.Service.RequestEmergencyRecordAsync(request, cancellationToken)).ConfigureAwait(false);
        Output.Field("record", received.RecordId);
        Output.Field("version", received.Version);
        Output.Field("custodian", received.Custodian);
        Output.Field("filed-under", request.LocalPatientId);
        Output.Transaction("request", received.Request);
        Output.Transaction("fulfilment", received.FulfilmentTransaction, received.FulfilmentGasUsed);
        Output.Field("verified", "signature, practitioner, on-chain commitment, SHA-256, FHIR and the patient's break-glass log entry checked; stored");
        Output.Field("next", $"read it with 'hospital read --record {received.RecordId} --break-glass {request.ReasonCode}' (audited, logged for the patient)");
        return ExitCodes.Ok;
    }
}
