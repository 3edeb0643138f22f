using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// Consecutive, well-formed <c>eth_sendRawTransaction</c> requests inside a JSON-RPC batch. They are handed to
/// <see cref="EmbeddedLedger.SendRawTransactionsAsync"/> together so sender recovery runs on every core, while
/// execution keeps the batch order. Anything unusual (bad envelope, bad params) ends the run and is answered by
/// the ordinary single-request path, so errors are worded exactly as for a lone request.
/// </summary>
internal static class SendRawBatchRun
{
    private const string Method = "eth_sendRawTransaction";

    /// <summary>The run starting at <paramref name="start"/>: (id, has id, raw bytes) per request.</summary>
    public static List<(JsonNode? Id, bool HasId, byte[] Raw)> Collect(JsonArray batch, int start)
    {
        var run = new List<(JsonNode? Id, bool HasId, byte[] Raw)>();
        for (var i = start; i < batch.Count; i++)
        {
            if (batch[i] is not JsonObject request
                || request["method"] is not JsonValue method || method.GetValueKind() != JsonValueKind.String || method.GetValue<string>() != Method
                || request["jsonrpc"] is JsonValue version && (version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0")
                || request["params"] is not JsonArray { Count: 1 } parameters
                || parameters[0] is not JsonValue data || data.GetValueKind() != JsonValueKind.String)
            {
                break;
            }

            var hasId = request.TryGetPropertyValue("id", out var id);
            if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                break;
            }

            byte[] raw;
            try
            {
                raw = LedgerHex.ParseData(data.GetValue<string>(), "data");
            }
            catch (LedgerRpcException)
            {
                break;
            }

            run.Add((id?.DeepClone(), hasId, raw));
        }

        return run;
    }

    /// <summary>
    /// Submits the run and returns one response per request that has an id (notifications get none). When the
    /// submission as a whole fails (the ledger stopped after a storage fault, a commit failed, it was disposed),
    /// every request of the run gets the JSON-RPC error a lone request would have got, never an HTTP 500.
    /// </summary>
    public static async Task<IEnumerable<JsonObject>> SubmitAsync(EmbeddedLedger ledger, List<(JsonNode? Id, bool HasId, byte[] Raw)> run, CancellationToken cancellationToken)
    {
        IReadOnlyList<RawTransactionOutcome> outcomes;
        try
        {
            outcomes = await ledger.SendRawTransactionsAsync(run.Select(r => r.Raw).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (LedgerRpcException ex)
        {
            return run.Where(r => r.HasId).Select(r => LedgerRpcHandler.Error(r.Id, ex.Code, ex.Message, ex.RpcData)).ToList();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return run.Where(r => r.HasId).Select(r => LedgerRpcHandler.Error(r.Id, RpcErrorCodes.Internal, "internal error: " + ex.GetType().Name)).ToList();
        }

        var responses = new List<JsonObject>(run.Count);
        for (var i = 0; i < run.Count; i++)
        {
            if (!run[i].HasId)
            {
                continue;
            }

            var outcome = outcomes[i];
            responses.Add(outcome.Error is { } error
                ? LedgerRpcHandler.Error(run[i].Id, error.Code, error.Message, error.RpcData)
                : new JsonObject { ["jsonrpc"] = "2.0", ["id"] = run[i].Id, ["result"] = LedgerHex.Data(outcome.Hash) });
        }

        return responses;
    }
}
