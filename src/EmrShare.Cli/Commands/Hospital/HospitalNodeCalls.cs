using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Hospital;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// The hospital commands' <c>--node</c> mode: the same output as the data-folder mode, from the running node's REST
/// API under the operator token's account (no keystore unlock, so it answers in a fraction of a second). The node's
/// read gate audits every read of a record under that account, as for the dashboard.
/// </summary>
internal static class HospitalNodeCalls
{
    public static async Task<int> RecordsAsync(ActorSettings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var rows = await api.GetAsync<List<RecordSummary>>("api/records", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            Output.Field("record", string.Create(CultureInfo.InvariantCulture,
                $"{row.RecordId} v{row.Version} {row.Origin} patient {row.LocalPatientId} custodian {row.Custodian} {row.ContentType}"));
        }

        Output.Field("count", rows.Count);
        return ExitCodes.Ok;
    }

    public static async Task<int> AuditAsync(ActorSettings settings, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var rows = await api.GetAsync<List<AuditLine>>("api/audit", cancellationToken).ConfigureAwait(false);
        // The API lists newest first; print oldest first like the data-folder mode.
        foreach (var row in rows.OrderBy(r => r.Id))
        {
            Output.Field("audit", $"{row.At.ToString("u", CultureInfo.InvariantCulture)} {row.Kind} record {row.RecordId ?? "-"} counterpart {row.Counterpart ?? "-"} tx {row.TransactionHash ?? "-"}");
        }

        Output.Field("count", rows.Count);
        return ExitCodes.Ok;
    }

    public static async Task<int> ReadAsync(ActorSettings settings, string record, string outFile, int? breakGlass, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var path = "api/records/" + Uri.EscapeDataString(record);
        NodeRecordDetail detail;
        TransactionResult? logged = null;
        if (breakGlass is { } reason)
        {
            var result = await api.PostAsync<NodeBreakGlass>(path + "/break-glass", NodeApi.Json(new BreakGlassBody(reason)), cancellationToken).ConfigureAwait(false);
            (detail, logged) = (result.Record, result.Logged);
        }
        else
        {
            detail = await api.GetAsync<NodeRecordDetail>(path, cancellationToken).ConfigureAwait(false);
        }

        var content = Encoding.UTF8.GetBytes(detail.Content);
        await File.WriteAllBytesAsync(outFile, content, cancellationToken).ConfigureAwait(false);
        Output.Field("record", detail.Latest.RecordId);
        Output.Field("version", detail.Latest.Version);
        Output.Field("content-type", detail.ContentType);
        Output.Field("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));
        if (logged is not null)
        {
            Output.Transaction("logged", logged.TransactionHash, logged.GasUsed);
        }

        Output.Field("written", outFile);
        return ExitCodes.Ok;
    }

    public static async Task<int> CreateRecordAsync(ActorSettings settings, string patient, byte[] content, string contentType, string? overrideReason, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var path = "api/patients/" + Uri.EscapeDataString(patient) + "/records" + (overrideReason is null ? string.Empty : "?overrideReason=" + Uri.EscapeDataString(overrideReason));
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var written = await api.PostAsync<RecordWritten>(path, body, cancellationToken).ConfigureAwait(false);
        Output.Field("record", written.RecordId);
        Output.Field("version", written.Version);
        Output.Field("cid", written.Cid);
        Output.Transaction("anchor", written.Anchor.TransactionHash, written.Anchor.GasUsed);
        return ExitCodes.Ok;
    }

    public static async Task<int> RequestAsync(ActorSettings settings, string grant, string record, CancellationToken cancellationToken)
    {
        using var api = NodeApi.Open(settings);
        var received = await api.PostAsync<NodeAccessResult>("api/access-requests", NodeApi.Json(new AccessRequestBody(grant, record)), cancellationToken).ConfigureAwait(false);
        Output.Field("record", received.RecordId);
        Output.Field("version", received.Version);
        Output.Field("custodian", received.Custodian);
        if (received.RequestTransaction is { } request)
        {
            Output.Field("tx", "request " + request);
        }

        if (received.FulfilmentTransaction is { } fulfilment)
        {
            Output.Field("tx", "fulfilment " + fulfilment);
        }

        Output.Field("verified", received.AlreadyHeld ? "an identical copy of this version was already stored here" : "verified by the node and stored");
        return ExitCodes.Ok;
    }

    /// <summary>The fields of the API's record detail the CLI prints (the readable summary is left to the dashboard).</summary>
    private sealed record NodeRecordDetail(RecordSummary Latest, string ContentType, string Content);

    private sealed record NodeBreakGlass(NodeRecordDetail Record, TransactionResult Logged);

    private sealed record NodeAccessResult(string RecordId, long Version, string Custodian, string? RequestTransaction, string? FulfilmentTransaction, bool AlreadyHeld);
}
