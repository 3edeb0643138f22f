using System.Globalization;
using EmrShare.Cli.Commands.Shared;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary><c>emrshare hospital audit</c>: this hospital's local audit trail (visits, creates, grants, fulfilments, imports).</summary>
public sealed class HospitalAuditCommand : ActorCommand<HospitalSettings>
{
    protected override bool TalksToNode => true;

    protected override Task<int> RunOnNodeAsync(HospitalSettings settings, CancellationToken cancellationToken) =>
        HospitalNodeCalls.AuditAsync(settings, cancellationToken);

    protected override async Task<int> RunAsync(HospitalSettings settings, CancellationToken cancellationToken)
    {

        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var rows = await session.Service.Database.ListAuditAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(row.At).ToString("u", CultureInfo.InvariantCulture);
            Output.Field("audit", $"{at} {row.Kind} record {row.RecordId ?? "-"} counterpart {row.Counterpart ?? "-"} tx {row.TransactionHash ?? "-"}");
        }

        Output.Field("count", rows.Count);
        return ExitCodes.Ok;
    }
}
