using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// The JSON-RPC 2.0 envelope: parsing, batches, ids and error objects. Any failure becomes a JSON-RPC error
/// (-32700 malformed JSON, -32600 invalid request, -32601 unknown method, -32602 bad params, geth codes for
/// chain rejections); nothing escapes as an exception, so the HTTP layer never answers 500.
/// </summary>
public sealed class LedgerRpcHandler : IRpcHandler
{
    private const int MaxBatch = 1000;
    private readonly EthMethods _methods;
    private readonly EmbeddedLedger _ledger;
    private readonly int _maxResponseBytes;
    private readonly RpcFastPath _fastPath;

    public LedgerRpcHandler(EmbeddedLedger ledger, TimeProvider? time = null, RpcServerLimits? limits = null)
    {
        _ledger = ledger;
        _maxResponseBytes = (limits ?? RpcServerLimits.Default).MaxResponseBytes;
        _methods = new EthMethods(ledger, new FilterRegistry(ledger, time ?? TimeProvider.System));
        _fastPath = new RpcFastPath(ledger, _maxResponseBytes);
    }

    /// <summary>Requests the fast path answered without the general path (tests check that it fires).</summary>
    internal long FastPathAnswered => _fastPath.Answered;

    /// <summary>The ledger served: a WebSocket connection subscribes to its sealed blocks and pending transactions.</summary>
    internal EmbeddedLedger Ledger => _ledger;

    public Task<string?> HandleAsync(string requestJson, CancellationToken cancellationToken) => HandleAsync(requestJson, null, cancellationToken);

    /// <summary>Handles one message; <paramref name="session"/> (a WebSocket connection's) serves eth_subscribe and eth_unsubscribe.</summary>
    internal async Task<string?> HandleAsync(string requestJson, IRpcSession? session, CancellationToken cancellationToken) =>
        await _fastPath.TryHandleAsync(requestJson, cancellationToken).ConfigureAwait(false)
        ?? await HandleGeneralAsync(requestJson, session, cancellationToken).ConfigureAwait(false);

    /// <summary>Every request through the JsonNode tree (the fast path's reference: its answers must equal these).</summary>
    internal async Task<string?> HandleGeneralAsync(string requestJson, IRpcSession? session, CancellationToken cancellationToken)
    {
        JsonNode? root;
        try
        {
            // Duplicate property names are refused up front: JsonObject would otherwise throw lazily, deep inside
            // method handling, on first access.
            root = JsonNode.Parse(requestJson ?? string.Empty, documentOptions: StrictJson);
        }
        catch (JsonException)
        {
            return IsJsonWithDuplicateProperties(requestJson)
                ? Error(null, RpcErrorCodes.InvalidRequest, "invalid request: duplicate property name").ToJsonString()
                : Error(null, RpcErrorCodes.ParseError, "parse error").ToJsonString();
        }

        if (root is JsonArray batch)
        {
            if (batch.Count == 0)
            {
                return Error(null, RpcErrorCodes.InvalidRequest, "empty batch").ToJsonString();
            }

            if (batch.Count > MaxBatch)
            {
                return Error(null, RpcErrorCodes.InvalidRequest, $"batch too large (max {MaxBatch})").ToJsonString();
            }

            var responses = new JsonArray();
            var size = new ResponseBudget(_maxResponseBytes);
            for (var i = 0; i < batch.Count;)
            {
                // Runs of raw-transaction submissions recover their senders in parallel (see SendRawBatchRun).
                var run = SendRawBatchRun.Collect(batch, i);
                if (run.Count >= 2)
                {
                    foreach (var sent in await SendRawBatchRun.SubmitAsync(_ledger, run, cancellationToken).ConfigureAwait(false))
                    {
                        responses.Add(size.Admit(sent));
                    }

                    i += run.Count;
                    continue;
                }

                var response = await HandleOneAsync(batch[i], session, cancellationToken).ConfigureAwait(false);
                if (response is not null)
                {
                    responses.Add(Admit(size, response, session));
                }

                i++;
            }

            return responses.Count == 0 ? null : responses.ToJsonString();
        }

        var single = await HandleOneAsync(root, session, cancellationToken).ConfigureAwait(false);
        return single is null ? null : Admit(new ResponseBudget(_maxResponseBytes), single, session).ToJsonString();
    }

    /// <summary>An answer replaced by "response too large" never reaches the client: what it created (a subscription) is withdrawn.</summary>
    private static JsonObject Admit(ResponseBudget size, JsonObject response, IRpcSession? session)
    {
        var admitted = size.Admit(response);
        if (!ReferenceEquals(admitted, response))
        {
            session?.Withdraw(response["result"]);
        }

        return admitted;
    }

    private async Task<JsonObject?> HandleOneAsync(JsonNode? node, IRpcSession? session, CancellationToken cancellationToken)
    {
        if (node is not JsonObject request)
        {
            return Error(null, RpcErrorCodes.InvalidRequest, "invalid request");
        }

        var hasId = request.TryGetPropertyValue("id", out var idNode);
        var id = idNode?.DeepClone();
        if (id is not null && id.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return Error(null, RpcErrorCodes.InvalidRequest, "invalid request: id must be a string, number or null");
        }

        if (request["method"] is not JsonValue methodValue || methodValue.GetValueKind() != JsonValueKind.String)
        {
            return Error(id, RpcErrorCodes.InvalidRequest, "invalid request: method missing");
        }

        if (request["jsonrpc"] is JsonValue version && (version.GetValueKind() != JsonValueKind.String || version.GetValue<string>() != "2.0"))
        {
            return Error(id, RpcErrorCodes.InvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
        }

        var paramsNode = request["params"];
        if (paramsNode is not null and not JsonArray)
        {
            return Error(id, RpcErrorCodes.InvalidParams, "invalid params: expected an array");
        }

        JsonObject response;
        try
        {
            var method = methodValue.GetValue<string>();
            var parameters = new RpcParams((JsonArray?)paramsNode);
            var result = method is "eth_subscribe" or "eth_unsubscribe"
                ? (session ?? throw new LedgerRpcException(RpcErrorCodes.MethodNotFound, "notifications not supported")).Invoke(method, parameters)
                : await _methods.InvokeAsync(method, parameters, cancellationToken).ConfigureAwait(false);
            response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };
        }
        catch (LedgerRpcException ex)
        {
            response = Error(id, ex.Code, ex.Message, ex.RpcData);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            response = Error(id, RpcErrorCodes.Internal, "internal error: " + ex.GetType().Name);
        }

        // A request without an id is a notification: executed, not answered.
        return hasId ? response : null;
    }

    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    /// <summary>Only on the error path: is the text well-formed JSON that merely repeats a property name?</summary>
    private static bool IsJsonWithDuplicateProperties(string? json)
    {
        try
        {
            using var lenient = JsonDocument.Parse(json ?? string.Empty);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal static JsonObject Error(JsonNode? id, int code, string message, string? data = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (data is not null)
        {
            error["data"] = data;
        }

        return new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = error };
    }
}
