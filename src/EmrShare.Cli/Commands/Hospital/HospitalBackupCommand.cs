using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Operations;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital backup --data DIR --to DIR</c>: an online backup of the hospital's data folder (EMR database
/// with the watcher cursor, blob store, keystore, account store) while its node keeps serving. No passphrase is
/// needed: the keystore is copied as it is, still encrypted.
/// </summary>
public sealed class HospitalBackupCommand : ActorCommand<HospitalBackupCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--to <DIR>")]
        [Description("Empty or new folder to write the backup into. Required.")]
        public string? To { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(To) ? ValidationResult.Error("--to <DIR> is required") : base.Validate();
    }

    /// <summary>A backup copies files (the keystore still encrypted) and never unlocks a key, opens the chain or reads a deployment.</summary>
    protected override IReadOnlySet<string> UnusedOptions { get; } = new HashSet<string>(StringComparer.Ordinal) { "--rpc", "--deployment", "--passphrase-file" };

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var manifest = await HospitalBackup.CreateAsync(settings.Data, settings.To!, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        Output.Field("backup", Path.GetFullPath(settings.To!));
        Output.Field("files", manifest.Files.Count);
        Output.Field("record-versions", manifest.RecordVersions);
        return ExitCodes.Ok;
    }
}
