using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center register-patient</c>: registers one enrolment round from the request files <c>patient enrol</c>
/// wrote (repeat <c>--request</c>): each identity commitment, then one batch with every patient's pseudonyms shuffled
/// together (so a chain observer cannot tell whose pseudonyms belong together), then each index account's gas.
/// </summary>
public sealed class CenterRegisterPatientCommand : ActorCommand<CenterRegisterPatientCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--request <FILE>")]
        [Description("A patient's registration request (from 'patient enrol'); repeat it to enrol several patients in one mixed round.")]
        public string[]? Request { get; init; }

        [CommandOption("--index-gas <ETHER>")]
        [Description("Ether sent to the patient's index account for its index anchors (default 1).")]
        [DefaultValue(1.0)]
        public decimal IndexGas { get; init; } = 1m;

        public override ValidationResult Validate() =>
            Request is not { Length: > 0 } ? ValidationResult.Error("--request FILE is required")
            : IndexGas < 0 ? ValidationResult.Error("--index-gas must be ≥ 0")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var round = new List<PatientRegistrationRequest>();
        foreach (var file in settings.Request!)
        {
            round.Add(await PatientRegistrationRequest.LoadAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        var receipts = await center.RegisterPatientsAsync(round, settings.IndexGas, cancellationToken).ConfigureAwait(false);
        var steps = Enumerable.Repeat("register-patient", round.Count).Append("register-pseudonyms")
            .Concat(Enumerable.Repeat("fund-index-account", round.Count)).ToList();
        for (var i = 0; i < receipts.Count; i++)
        {
            Output.Transaction(steps[i], receipts[i]);
        }

        return ExitCodes.Ok;
    }
}
