using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital request</c>: as grantee, request a record under a grant on chain, have its custodian
/// (found in <c>--peers</c>) fulfil it, then verify everything (signature, practitioner, commitment, SHA-256,
/// FHIR) before storing it here. Prints the verified result.
/// </summary>
public sealed class HospitalRequestCommand : ActorCommand<HospitalRequestCommand.Settings>
{
    public sealed class Settings : HospitalSettings
    {
        [CommandOption("--grant <ID>")]
        [Description("The grant id the patient handed this hospital. Required.")]
        public string? Grant { get; init; }

        [CommandOption("--record <ID>")]
        [Description("The record to fetch. Required.")]
        public string? Record { get; init; }

        public override ValidationResult Validate() =>
            Grant is null || Record is null ? ValidationResult.Error("--grant and --record are required") : base.Validate();
    }

    protected override bool TalksToNode => true;

    protected override Task<int> RunOnNodeAsync(Settings settings, CancellationToken cancellationToken) =>
        HospitalNodeCalls.RequestAsync(settings, Args.Hash(settings.Grant!, "--grant").ToString(), Args.Record(settings.Record!, "--record").ToString(), cancellationToken);

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var grant = Args.Hash(settings.Grant!, "--grant");
        var record = Args.Record(settings.Record!, "--record");

        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var received = await Output.ProgressAsync("requesting, waiting for fulfilment, verifying…",
            () => session.Service.RequestRecordAsync(grant, record, cancellationToken)).ConfigureAwait(false);
        Output.Field("record", received.RecordId);
        Output.Field("version", received.Version);
        Output.Field("custodian", received.Custodian);
        if (received.AlreadyHeld && received.Request == Nodes.Hospital.RecordReceived.NoTransaction)
        {
            Output.Field("already-held", "this version is the custodian's newest and is stored here; no transaction sent");
            return ExitCodes.Ok;
        }

        Output.Transaction("request", received.Request);
        Output.Transaction("fulfilment", received.FulfilmentTransaction, received.FulfilmentGasUsed);
        Output.Field("verified", received.AlreadyHeld
            ? "an identical copy of this version was already stored here"
            : "signature, practitioner, on-chain commitment, SHA-256 and FHIR checked; stored");
        return ExitCodes.Ok;
    }
}
