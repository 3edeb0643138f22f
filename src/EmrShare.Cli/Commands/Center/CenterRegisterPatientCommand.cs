using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center register-patient</c>: registers a patient from the request file <c>patient enrol</c> wrote
/// (identity commitment, shuffled pseudonym batch) and funds the patient's index account with gas.
/// </summary>
public sealed class CenterRegisterPatientCommand : ActorCommand<CenterRegisterPatientCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--request <FILE>")]
        [Description("The patient's registration request (from 'patient enrol').")]
        public string? Request { get; init; }

        [CommandOption("--index-gas <ETHER>")]
        [Description("Ether sent to the patient's index account for its index anchors (default 1).")]
        [DefaultValue(1.0)]
        public decimal IndexGas { get; init; } = 1m;

        public override ValidationResult Validate() =>
            Request is null ? ValidationResult.Error("--request FILE is required")
            : IndexGas < 0 ? ValidationResult.Error("--index-gas must be ≥ 0")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var request = await PatientRegistrationRequest.LoadAsync(settings.Request!, cancellationToken).ConfigureAwait(false);
        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        var receipts = await center.RegisterPatientAsync(request.IdentityCommitment, request.Pseudonyms, request.IndexAccount, settings.IndexGas, cancellationToken).ConfigureAwait(false);
        string[] steps = ["register-patient", "register-pseudonyms", "fund-index-account"];
        for (var i = 0; i < receipts.Count; i++)
        {
            Output.Transaction(steps[i], receipts[i]);
        }

        return ExitCodes.Ok;
    }
}
