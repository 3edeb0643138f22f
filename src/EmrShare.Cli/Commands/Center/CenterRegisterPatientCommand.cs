using System.ComponentModel;
using System.Globalization;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Deployment;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center register-patient</c>: puts the request files <c>patient enrol</c> wrote into the Center's
/// enrolment queue (<c>enrolment.db</c> in its data folder). When k patients wait, one round registers them all —
/// commitments, ONE shuffled batch of everyone's pseudonyms, index gas — so a chain observer cannot tell whose
/// pseudonyms belong together. <c>--now</c> runs the round at once even below k, with a warning naming the smaller
/// anonymity set.
/// </summary>
public sealed class CenterRegisterPatientCommand : ActorCommand<CenterRegisterPatientCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--request <FILE>")]
        [Description("A patient's registration request (from 'patient enrol'); repeat it to queue several patients.")]
        public string[]? Request { get; init; }

        [CommandOption("--round-size <K>")]
        [Description("k: patients per enrolment round; a round runs by itself when k are queued (default 16).")]
        [DefaultValue(16)]
        public int RoundSize { get; init; } = 16;

        [CommandOption("--now")]
        [Description("Run the round now even with fewer than k patients queued (prints a warning with the anonymity set size).")]
        public bool Now { get; init; }

        [CommandOption("--index-gas <ETHER>")]
        [Description("Ether sent to each patient's index account for its index anchors when its round runs (default 1).")]
        [DefaultValue(1.0)]
        public decimal IndexGas { get; init; } = 1m;

        public override ValidationResult Validate() =>
            Request is not { Length: > 0 } && !Now ? ValidationResult.Error("--request FILE is required (or --now to run the queued patients' round)")
            : IndexGas < 0 ? ValidationResult.Error("--index-gas must be ≥ 0")
            : RoundSize is < 1 or > EnrolmentPolicy.MaxRoundSize ? ValidationResult.Error($"--round-size must be between 1 and {EnrolmentPolicy.MaxRoundSize}")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var requests = new List<PatientRegistrationRequest>();
        foreach (var file in settings.Request ?? [])
        {
            requests.Add(await PatientRegistrationRequest.LoadAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var center = await CenterSession.AttachAsync(settings, cancellationToken).ConfigureAwait(false);
        using var queue = await EnrolmentQueue.OpenAsync(settings.Data, center, new EnrolmentPolicy(settings.RoundSize, settings.IndexGas), TimeProvider.System, cancellationToken)
            .ConfigureAwait(false);
        var ranRound = false;
        foreach (var request in requests)
        {
            var ticket = await queue.EnqueueAsync(request, cancellationToken).ConfigureAwait(false);
            Output.Field("queued", $"{ticket.Pending.ToString(CultureInfo.InvariantCulture)} of {ticket.RoundSize.ToString(CultureInfo.InvariantCulture)} pending");
            if (ticket.Round is { } round)
            {
                Print(round);
                ranRound = true;
            }
        }

        // A round the requests completed already emptied the queue; --now then has nothing left to force.
        var pending = (await queue.GetStatusAsync(cancellationToken).ConfigureAwait(false)).Pending;
        if (settings.Now && (pending > 0 || !ranRound))
        {
            Print(await queue.EnrolNowAsync(belowRoundSize: true, cancellationToken).ConfigureAwait(false));
        }

        return ExitCodes.Ok;
    }

    private static void Print(EnrolmentRound round)
    {
        Output.Field("round", $"{round.Number.ToString(CultureInfo.InvariantCulture)} patients {round.Patients.ToString(CultureInfo.InvariantCulture)}");
        if (round.BelowRoundSize)
        {
            Output.Field("warning", $"round of {round.Patients.ToString(CultureInfo.InvariantCulture)} patient(s) is below k = {round.RoundSize.ToString(CultureInfo.InvariantCulture)}: " +
                $"each patient's pseudonyms hide among only {round.Patients.ToString(CultureInfo.InvariantCulture)} on chain");
        }

        foreach (var step in round.Transactions)
        {
            Output.Transaction(step.Step, step.Receipt);
        }
    }
}
