using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Hospital;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital create-record</c>: a practitioner writes version 1 of a record for a patient seen here
/// (validated, encrypted under a fresh data key, stored, manifest signed, salted commitment anchored).
/// </summary>
public sealed class HospitalCreateRecordCommand : ActorCommand<HospitalCreateRecordCommand.Settings>
{
    public sealed class Settings : RecordInputSettings
    {
        [CommandOption("--patient <LOCALID>")]
        [Description("The hospital's local id of the patient (printed to the patient at their visit). Required.")]
        public string? Patient { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Patient) ? ValidationResult.Error("--patient is required") : base.Validate();
    }

    protected override bool TalksToNode => true;

    protected override async Task<int> RunOnNodeAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Practitioner != 0)
        {
            throw new CliUsageException("--practitioner cannot be used with --node: the record is signed with the token account's practitioner key");
        }

        var (content, contentType) = await RecordFiles.ReadAsync(settings.File!, settings.Format, settings.CsvMapping, cancellationToken).ConfigureAwait(false);
        return await HospitalNodeCalls.CreateRecordAsync(settings, settings.Patient!, content, contentType, settings.OverridePatientMismatch, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var (content, contentType) = await RecordFiles.ReadAsync(settings.File!, settings.Format, settings.CsvMapping, cancellationToken).ConfigureAwait(false);

        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var practitioner = PractitionerOf(session.Service, settings.Practitioner);
        var created = await Output.ProgressAsync("encrypting, storing and anchoring…",
            () => session.Service.CreateRecordAsync(settings.Patient!, content, contentType, practitioner, settings.DemographicsOverride, cancellationToken)).ConfigureAwait(false);
        Print(created);
        return ExitCodes.Ok;
    }

    internal static Core.ChainAddress PractitionerOf(HospitalService hospital, int index)
    {
        var practitioners = hospital.Keys.PractitionerAddresses;
        return index < practitioners.Count
            ? practitioners[index]
            : throw new CliUsageException($"--practitioner {index}: this hospital has {practitioners.Count} practitioner key(s)");
    }

    internal static void Print(RecordCreated created)
    {
        Output.Field("record", created.RecordId);
        Output.Field("version", created.Version);
        Output.Field("cid", created.Cid);
        Output.Transaction("anchor", created.Anchor);
    }
}
