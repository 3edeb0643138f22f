using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Transport;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Patient;

/// <summary>
/// <c>emrshare patient visit</c>: mutual-auth handshake with a hospital (it must be registered on chain and
/// prove its key); prints the hospital's local id for the patient. With <c>--collect</c> the records created
/// for the patient there are verified, added to the encrypted index and the index hash is anchored.
/// </summary>
public sealed class PatientVisitCommand : ActorCommand<PatientVisitCommand.Settings>
{
    public sealed class Settings : ActorSettings
    {
        [CommandOption("--hospital <URL>")]
        [Description("The hospital's endpoint URL. Required.")]
        public string? Hospital { get; init; }

        [CommandOption("--address <ADDR>")]
        [Description("The hospital's chain address (the handshake proves the endpoint holds its key). Required.")]
        public string? Address { get; init; }

        [CommandOption("--collect")]
        [Description("Collect the records created for the patient and anchor the updated index.")]
        public bool Collect { get; init; }

        public override ValidationResult Validate() =>
            Hospital is null || Address is null ? ValidationResult.Error("--hospital and --address are required") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var url = Urls.Parse(settings.Hospital!, "--hospital");
        var hospital = Args.Address(settings.Address!, "--address");
        using var session = await PatientSession.OpenAsync(settings, cancellationToken).ConfigureAwait(false);
        using var visit = await session.Wallet.BeginVisitAsync(new HttpHospitalEndpoint(session.Http, url), hospital, cancellationToken).ConfigureAwait(false);
        Output.Field("local-id", visit.LocalPatientId);
        if (settings.Collect)
        {
            var (added, anchor) = await Output.ProgressAsync("collecting records…", () => session.Wallet.CollectRecordsAsync(visit, cancellationToken)).ConfigureAwait(false);
            foreach (var entry in added)
            {
                Output.Field("collected", $"{entry.RecordId} v{entry.Version}");
            }

            Output.Field("collected-count", added.Count);
            if (anchor is not null)
            {
                Output.Transaction("index-anchor", anchor);
            }
        }

        return ExitCodes.Ok;
    }
}
