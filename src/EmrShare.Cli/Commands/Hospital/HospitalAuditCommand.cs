using System.Globalization;
using EmrShare.Cli.Commands.Shared;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary><c>emrshare hospital audit</c>: this hospital's local audit trail (visits, creates, grants, fulfilments, imports).</summary>
public sealed class HospitalAuditCommand : ActorCommand<HospitalSettings>
{
    protected override bool TalksToNode => true;

    protected override async Task<int> RunAsync(HospitalSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Node is not null)
        {
            return await HospitalNodeCalls.AuditAsync(settings, cancellationToken).ConfigureAwait(false);
        }

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
