using System.Globalization;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Services;
using Spectre.Console;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// The Center commands' <c>--node</c> mode: the running <c>center serve</c> does the work under the operator token's
/// admin account (no keystore unlock here), and audits it as for the dashboard. Same output as the data-folder mode.
/// </summary>
internal static class CenterNodeCalls
{
    public static async Task<int> RegisterHospitalAsync(ActorSettings settings, HospitalInfo info, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var registered = await api.PostAsync<TransactionResult>("api/hospitals", NodeApi.Json(new RegisterHospitalRequest(info.Address, info.EncryptionPublicKey, info.Name)), cancellationToken).ConfigureAwait(false);
        Output.Field("hospital", info.Address);
        Output.Transaction("register-hospital", registered.TransactionHash, registered.GasUsed);
        foreach (var practitioner in info.Practitioners)
        {
            var done = await api.PostAsync<TransactionResult>("api/practitioners", NodeApi.Json(new RegisterPractitionerRequest(practitioner, info.Address)), cancellationToken).ConfigureAwait(false);
            Output.Field("practitioner", practitioner);
            Output.Transaction("register-practitioner", done.TransactionHash, done.GasUsed);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> RegistryAsync(ActorSettings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var entries = await api.GetAsync<List<RegistryEntryView>>("api/registry", cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            var under = entry.Hospital is null ? string.Empty : $" hospital {entry.Hospital}";
            Output.Field(entry.Kind, string.Create(CultureInfo.InvariantCulture,
                $"{entry.Address} {(entry.Active ? "active" : "deactivated")} block {entry.RegisteredInBlock}{under} name {entry.Name ?? "-"}"));
        }

        Output.Field("count", entries.Count);
        return ExitCodes.Ok;
    }

    public static async Task<int> EnrolmentAsync(ActorSettings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var status = await api.GetAsync<EnrolmentStatusView>("api/enrolment", cancellationToken).ConfigureAwait(false);
        Output.Field("pending", status.Pending);
        Output.Field("round-size", status.RoundSize);
        foreach (var round in status.Rounds)
        {
            Output.Field("round", string.Create(CultureInfo.InvariantCulture,
                $"{round.Number} patients {round.Patients}{(round.BelowRoundSize ? " below-round-size" : string.Empty)} at {round.At:u} txs {round.TransactionHashes.Count}"));
        }

        return ExitCodes.Ok;
    }
}

/// <summary>Settings of a command that only exists against a running node (<c>--node</c> required).</summary>
public class NodeOnlySettings : ActorSettings
{
    public override ValidationResult Validate() =>
        Node is null ? ValidationResult.Error("--node <URL> is required: this command asks the running node") : base.Validate();
}

/// <summary><c>emrshare center registry --node</c>: every registered hospital and practitioner, with display name and status.</summary>
public sealed class CenterRegistryCommand : ActorCommand<NodeOnlySettings>
{
    protected override bool TalksToNode => true;

    protected override Task<int> RunAsync(NodeOnlySettings settings, CancellationToken cancellationToken) => CenterNodeCalls.RegistryAsync(settings, cancellationToken);
}

/// <summary><c>emrshare center enrolment --node</c>: the enrolment queue (patients pending, round size k, latest rounds; no pseudonyms).</summary>
public sealed class CenterEnrolmentCommand : ActorCommand<NodeOnlySettings>
{
    protected override bool TalksToNode => true;

    protected override Task<int> RunAsync(NodeOnlySettings settings, CancellationToken cancellationToken) => CenterNodeCalls.EnrolmentAsync(settings, cancellationToken);
}
