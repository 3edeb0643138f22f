using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital init</c>: generates the hospital's account, encryption and practitioner keys into its
/// keystore and writes <c>hospital.json</c> (the public half the Center registers). The account needs gas: on
/// the embedded chain the Center funds it (<c>center fund</c>); elsewhere bring a funded key (<c>--account-key-file</c>).
/// </summary>
public sealed class HospitalInitCommand : ActorCommand<HospitalInitCommand.Settings>
{
    public sealed class Settings : InitSettings
    {
        [CommandOption("--name <NAME>")]
        [Description("The hospital's name (prefix of its local patient ids). Required.")]
        public string? Name { get; init; }

        [CommandOption("--practitioners <N>")]
        [Description("How many practitioner signing keys to create (default 1).")]
        [DefaultValue(1)]
        public int Practitioners { get; init; } = 1;

        [CommandOption("--account-key-file <FILE>")]
        [Description("Use this existing funded private key as the hospital's chain account (e.g. a Hardhat dev key).")]
        public string? AccountKeyFile { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Name) ? ValidationResult.Error("--name is required")
            : Practitioners is < 1 or > 100 ? ValidationResult.Error("--practitioners must be 1–100")
            : base.Validate();
    }

    /// <summary>init only creates keys (and keeps a copy of --deployment); it never talks to a chain.</summary>
    protected override IReadOnlySet<string> UnusedOptions { get; } = new HashSet<string>(StringComparer.Ordinal) { "--rpc" };

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var passphrase = settings.Passphrase();
        var store = Keystores.Create(settings, settings.ScryptN);
        var accountKey = settings.AccountKeyFile is null ? null : Keystores.ReadKeyFile(settings.AccountKeyFile);
        var keys = await Output.ProgressAsync("creating keys…", () => HospitalKeyring.CreateAsync(store, passphrase, accountKey, settings.Practitioners, cancellationToken)).ConfigureAwait(false);
        var info = HospitalInfo.Of(settings.Name!, keys);
        var path = Path.Combine(settings.Data, HospitalInfo.FileName);
        await info.SaveAsync(path, cancellationToken).ConfigureAwait(false);
        Output.Field("name", info.Name);
        Output.Field("address", info.Address);
        Output.Field("encryption-key", info.EncryptionPublicKey);
        foreach (var practitioner in info.Practitioners)
        {
            Output.Field("practitioner", practitioner);
        }

        Output.Field("info", path);
        if (settings.DeploymentFile is not null)
        {
            // --deployment at init: the Center's file is checked and kept in the data folder, where serve and the
            // other commands look for it by default (not accepted and then ignored).
            await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
            var kept = Path.Combine(settings.Data, Nodes.Deployment.DeploymentFile.FileName);
            if (!string.Equals(Path.GetFullPath(settings.DeploymentFile), kept, StringComparison.Ordinal))
            {
                File.Copy(settings.DeploymentFile, kept, overwrite: true);
            }

            Output.Field("deployment", kept);
        }

        return ExitCodes.Ok;
    }
}
