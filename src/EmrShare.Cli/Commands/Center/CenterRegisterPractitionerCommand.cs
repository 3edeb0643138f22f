using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary><c>emrshare center register-practitioner</c>: registers one practitioner's signing address under a hospital.</summary>
public sealed class CenterRegisterPractitionerCommand : ActorCommand<CenterRegisterPractitionerCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--address <ADDR>")]
        [Description("The practitioner's signing address.")]
        public string? Address { get; init; }

        [CommandOption("--hospital <ADDR>")]
        [Description("The registered hospital the practitioner works at.")]
        public string? Hospital { get; init; }

        public override ValidationResult Validate() =>
            Address is null || Hospital is null ? ValidationResult.Error("--address and --hospital are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var practitioner = Args.Address(settings.Address!, "--address");
        var hospital = Args.Address(settings.Hospital!, "--hospital");
        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        Output.Transaction("register-practitioner", await center.RegisterPractitionerAsync(practitioner, hospital, cancellationToken).ConfigureAwait(false));
        return ExitCodes.Ok;
    }
}
