using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center deactivate-hospital</c>: marks a hospital inactive in the Registry (a closed site, a lost or
/// compromised key); patients then refuse to visit it and the contracts refuse its grants and requests.
/// </summary>
public sealed class CenterDeactivateHospitalCommand : ActorCommand<CenterDeactivateHospitalCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--address <ADDR>")]
        [Description("The hospital's chain address. Required.")]
        public string? Address { get; init; }

        public override ValidationResult Validate() =>
            Address is null ? ValidationResult.Error("--address is required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var hospital = Args.Address(settings.Address!, "--address");
        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        Output.Transaction("deactivate-hospital", await center.DeactivateHospitalAsync(hospital, cancellationToken).ConfigureAwait(false));
        return ExitCodes.Ok;
    }
}
