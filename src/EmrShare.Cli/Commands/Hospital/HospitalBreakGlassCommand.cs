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

        [CommandOption("--quarantined <ID>")]
        [Description("File the copy already received and held back by an earlier refusal (its id is in that refusal) under --patient (default: the chart first given; a corrected chart is checked again), with --override-patient-mismatch where it does not match; nothing is requested again.")]
        public string? Quarantined { get; init; }

        [CommandOption("--practitioner <INDEX>")]
        [Description("Which of this hospital's practitioners breaks the glass (default 0); it sends and pays for the request.")]
        [DefaultValue(0)]
        public int Practitioner { get; init; }

        public override ValidationResult Validate() =>
            Quarantined is not null ? (OverridePatientMismatch is { } why && string.IsNullOrWhiteSpace(why)
                ? ValidationResult.Error("--override-patient-mismatch needs a reason") : base.Validate())
            : Custodian is null || Record is null || Reason is null || string.IsNullOrWhiteSpace(Patient)
                ? ValidationResult.Error("--custodian, --record, --reason and --patient are required (or --quarantined ID with --override-patient-mismatch)")
            : Reason is not (>= 1 and <= EmergencyRequest.MaxReasonCode) ? ValidationResult.Error("--reason must be 1, 2 or 3")
            : Practitioner < 0 ? ValidationResult.Error("--practitioner must be ≥ 0")
            : OverridePatientMismatch is { } reason && string.IsNullOrWhiteSpace(reason) ? ValidationResult.Error("--override-patient-mismatch needs a reason")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Quarantined is { } held)
        {
            return await FileQuarantinedAsync(settings, held, cancellationToken).ConfigureAwait(false);
        }

        var custodian = Args.Address(settings.Custodian!, "--custodian");
        var record = Args.Record(settings.Record!, "--record");
        Pseudonym? expected = settings.PatientPseudonym is { } p ? new Pseudonym(Args.Address(p, "--patient-pseudonym")) : null;
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var practitioner = HospitalCreateRecordCommand.PractitionerOf(session.Service, settings.Practitioner);
        var request = new EmergencyRequest(custodian, record, (ushort)settings.Reason!.Value, practitioner, settings.Patient!.Trim(), expected,
            settings.OverridePatientMismatch is { } why ? new DemographicsOverride(why) : null);
        RecordReceived received;
        try
        {
            received = await Output.ProgressAsync("emergency request on chain, waiting for the custodian, verifying…",
                () => session.Service.RequestEmergencyRecordAsync(request, cancellationToken)).ConfigureAwait(false);
        }
        catch (PatientMismatchException refused) when (refused.QuarantineId is { } id)
        {
            // Review finding 8: the copy is held back; filing it must not ask the custodian a second time.
            throw new PatientMismatchException($"{refused.Message}. The copy received is held back (encrypted, in no chart) as {id}: " +
                $"after checking, file it with 'hospital break-glass --quarantined {id} --patient CHART' (a corrected chart is checked again) or '--override-patient-mismatch REASON' (nothing is requested again)");
        }

        Report(received, request.LocalPatientId, request.ReasonCode);
        return ExitCodes.Ok;
    }

    private static async Task<int> FileQuarantinedAsync(Settings settings, string held, CancellationToken cancellationToken)
    {
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var practitioner = HospitalCreateRecordCommand.PractitionerOf(session.Service, settings.Practitioner);
        // Break-glass fix 1: --patient is the chart to file into (a corrected chart is checked again); --record and
        // --custodian, when given, must be the held copy's. Nothing given is ignored.
        var filing = new QuarantineFiling(held, settings.Patient, settings.Record is { } r ? Args.Record(r, "--record") : null,
            settings.Custodian is { } c ? Args.Address(c, "--custodian") : null,
            settings.OverridePatientMismatch is { } why ? new DemographicsOverride(why) : null);
        var received = await Output.ProgressAsync("verifying the held-back copy and filing it…",
            () => session.Service.FileQuarantinedEmergencyAsync(filing, practitioner, cancellationToken)).ConfigureAwait(false);
        var filed = await session.Service.Database.FindLatestRecordAsync(received.RecordId.ToString(), cancellationToken).ConfigureAwait(false);
        Report(received, filed?.LocalPatientId ?? "?", (ushort)(settings.Reason ?? 1));
        return ExitCodes.Ok;
    }

    private static void Report(RecordReceived received, string chart, ushort reasonCode)
    {
        Output.Field("record", received.RecordId);
        Output.Field("version", received.Version);
        Output.Field("custodian", received.Custodian);
        Output.Field("filed-under", chart);
        Output.Transaction("request", received.Request);
        Output.Transaction("fulfilment", received.FulfilmentTransaction, received.FulfilmentGasUsed);
        Output.Field("verified", "signature, practitioner, on-chain commitment, SHA-256, FHIR and the patient's break-glass log entry checked; stored");
        Output.Field("next", $"read it with 'hospital read --record {received.RecordId} --break-glass {reasonCode}' (audited, logged for the patient)");
    }
}
