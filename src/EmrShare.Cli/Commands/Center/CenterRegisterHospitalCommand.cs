using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center register-hospital</c>: registers a hospital (address, encryption key, name — only the
/// name's hash goes on chain), from options or from the hospital's <c>hospital.json</c>; with <c>--info</c> its
/// practitioners are registered too.
/// </summary>
public sealed class CenterRegisterHospitalCommand : ActorCommand<CenterRegisterHospitalCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--info <FILE>")]
        [Description("The hospital's hospital.json (from 'hospital init'): registers it and all its practitioners.")]
        public string? InfoFile { get; init; }

        [CommandOption("--address <ADDR>")]
        [Description("The hospital's chain address (instead of --info).")]
        public string? Address { get; init; }

        [CommandOption("--encryption-key <HEX>")]
        [Description("The hospital's 33-byte compressed encryption public key (instead of --info).")]
        public string? EncryptionKey { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("Display name (only keccak256 of it goes on chain).")]
        public string? Name { get; init; }

        public override ValidationResult Validate() =>
            InfoFile is null && (Address is null || EncryptionKey is null || Name is null)
                ? ValidationResult.Error("give --info FILE, or --address, --encryption-key and --name")
                : base.Validate();
    }

    /// <summary>With <c>--node</c> the running Center registers it (the operator token's admin account, audited there).</summary>
    protected override bool TalksToNode => true;

    protected override async Task<int> RunOnNodeAsync(Settings settings, CancellationToken cancellationToken)
    {
        var info = settings.InfoFile is null
            ? new HospitalInfo(settings.Name!, settings.Address!, settings.EncryptionKey!, [])
            : await HospitalInfo.LoadAsync(settings.InfoFile, cancellationToken).ConfigureAwait(false);
        _ = Args.Address(info.Address, "hospital address");
        _ = Args.Hex(info.EncryptionPublicKey, 33, "encryption key");
        return await CenterNodeCalls.RegisterHospitalAsync(settings, info with { Name = settings.Name ?? info.Name }, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var info = settings.InfoFile is null
            ? new HospitalInfo(settings.Name!, settings.Address!, settings.EncryptionKey!, [])
            : await HospitalInfo.LoadAsync(settings.InfoFile, cancellationToken).ConfigureAwait(false);
        var address = Args.Address(info.Address, "hospital address");
        var encryptionKey = Args.Hex(info.EncryptionPublicKey, 33, "encryption key");

        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        var receipt = await center.RegisterHospitalAsync(address, encryptionKey, settings.Name ?? info.Name, cancellationToken).ConfigureAwait(false);
        Output.Field("hospital", address);
        Output.Transaction("register-hospital", receipt);
        foreach (var practitioner in info.Practitioners)
        {
            var registered = await center.RegisterPractitionerAsync(Args.Address(practitioner, "practitioner address"), address, cancellationToken).ConfigureAwait(false);
            Output.Field("practitioner", practitioner);
            Output.Transaction("register-practitioner", registered);
        }

        return ExitCodes.Ok;
    }
}
