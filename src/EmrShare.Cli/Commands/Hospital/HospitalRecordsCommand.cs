using System.Globalization;
using EmrShare.Cli.Commands.Shared;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary><c>emrshare hospital records</c>: every record version held here (ids and provenance only, no content).</summary>
public sealed class HospitalRecordsCommand : ActorCommand<HospitalSettings>
{
    protected override bool TalksToNode => true;

    protected override Task<int> RunOnNodeAsync(HospitalSettings settings, CancellationToken cancellationToken) =>
        HospitalNodeCalls.RecordsAsync(settings, cancellationToken);

    protected override async Task<int> RunAsync(HospitalSettings settings, CancellationToken cancellationToken)
    {

        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: false, cancellationToken).ConfigureAwait(false);
        var rows = await session.Service.Database.ListRecordsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            Output.Field("record", string.Create(CultureInfo.InvariantCulture,
                $"{row.RecordId} v{row.Version} {row.Origin} patient {row.LocalPatientId} custodian {row.Custodian} {row.ContentType}{(row.WrappedKeySelf.Length == 0 ? " (erased)" : string.Empty)}"));
        }

        Output.Field("count", rows.Count);
        return ExitCodes.Ok;
    }
}
