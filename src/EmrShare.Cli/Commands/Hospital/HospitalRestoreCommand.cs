using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital restore --from DIR --data DIR</c>: restores a backup into an empty or new data folder, then
/// verifies it: every record version held decrypts with the hospital's key and its on-chain anchor checks. Prints a
/// report (counts plus each failure's record id and reason, never content); exits non-zero if any version fails.
/// </summary>
public sealed class HospitalRestoreCommand : ActorCommand<HospitalRestoreCommand.Settings>
{
    public sealed class Settings : HospitalSettings
    {
        [CommandOption("--from <DIR>")]
        [Description("A folder written by 'hospital backup'. Required.")]
        public string? From { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(From) ? ValidationResult.Error("--from <DIR> is required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var manifest = await HospitalBackup.RestoreFilesAsync(settings.From!, settings.Data, cancellationToken).ConfigureAwait(false);
        Output.Field("restored-files", manifest.Files.Count);
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var rows = await session.Service.Database.ListRecordsAsync(cancellationToken).ConfigureAwait(false);
        var checks = new List<RecordCheck>(rows.Count);
        foreach (var row in rows)
        {
            checks.Add(await session.Service.VerifyHeldVersionAsync(row, cancellationToken).ConfigureAwait(false));
        }

        foreach (var failed in checks.Where(c => c.Outcome == RecordCheckOutcome.Failed))
        {
            Output.Field("failed", $"{failed.RecordId} v{failed.Version}: {failed.Reason}");
        }

        Output.Field("record-versions", checks.Count);
        Output.Field("verified", checks.Count(c => c.Outcome == RecordCheckOutcome.Verified));
        Output.Field("erased", checks.Count(c => c.Outcome == RecordCheckOutcome.Erased));
        Output.Field("failed-count", checks.Count(c => c.Outcome == RecordCheckOutcome.Failed));
        return checks.Any(c => c.Outcome == RecordCheckOutcome.Failed) ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
