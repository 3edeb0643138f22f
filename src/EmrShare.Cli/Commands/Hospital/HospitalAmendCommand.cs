using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital amend</c>: a new version of a record held here, under a new data key, linked to the
/// previous manifest (a received record's history is adopted first).
/// </summary>
public sealed class HospitalAmendCommand : ActorCommand<HospitalAmendCommand.Settings>
{
    public sealed class Settings : RecordInputSettings
    {
        [CommandOption("--record <ID>")]
        [Description("The record id to amend. Required.")]
        public string? Record { get; init; }

        public override ValidationResult Validate() =>
            Record is null ? ValidationResult.Error("--record is required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var record = Args.Record(settings.Record!, "--record");
        var (content, contentType) = await RecordFiles.ReadAsync(settings.File!, settings.Format, settings.CsvMapping, cancellationToken).ConfigureAwait(false);
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var practitioner = HospitalCreateRecordCommand.PractitionerOf(session.Service, settings.Practitioner);
        var amended = await Output.ProgressAsync("encrypting, storing and anchoring…",
            () => session.Service.AmendAsync(record, content, contentType, practitioner, settings.DemographicsOverride, cancellationToken)).ConfigureAwait(false);
        HospitalCreateRecordCommand.Print(amended);
        return ExitCodes.Ok;
    }
}
