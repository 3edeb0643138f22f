using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using static EmrShare.Ledger.LedgerHex;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// The hot methods a busy client sends one per HTTP request (eth_sendRawTransaction, eth_getTransactionReceipt,
/// eth_blockNumber, eth_getTransactionCount), answered without building a <see cref="JsonNode"/> tree for the
/// request: one <see cref="Utf8JsonReader"/> pass, the answer written as text. It takes only the plain shape
/// (a single object, each member once, "jsonrpc":"2.0", an integer or plain-string id, string params) and
/// returns null for anything else, so the general path answers every other request exactly as before. Answers
/// are byte-identical to the general path's (<c>RpcFastPathTests</c> compares them).
/// </summary>
internal sealed class RpcFastPath
{
    private const int MaxRequestChars = 2048;
    private readonly EmbeddedLedger _ledger;
    private readonly int _maxResponseBytes;

    public RpcFastPath(EmbeddedLedger ledger, int maxResponseBytes)
    {
        _ledger = ledger;
        _maxResponseBytes = maxResponseBytes;
    }

    private long _answered;

    /// <summary>Requests this path answered itself (the rest went to the general path): tests check it fires.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>The answer, or null when the general path must answer this request.</summary>
    public async ValueTask<string?> TryHandleAsync(string? requestJson, CancellationToken cancellationToken)
    {
        var answer = await AnswerAsync(requestJson, cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            Interlocked.Increment(ref _answered);
        }

        return answer;
    }

    private async ValueTask<string?> AnswerAsync(string? requestJson, CancellationToken cancellationToken)
    {
        if (requestJson is null || requestJson.Length > MaxRequestChars || !TryParse(requestJson, out var call))
        {
            return null;
        }

        switch (call.Method)
        {
            case "eth_sendRawTransaction" when call.Count == 1:
                return await SendRawAsync(call, cancellationToken).ConfigureAwait(false);
            case "eth_blockNumber" when call.Count == 0:
                return Success(call.Id, Quantity(_ledger.Head.Number));
            case "eth_getTransactionReceipt" when call.Count == 1:
                return ReadOrFallBack(() => Receipt(call));
            case "eth_getTransactionCount" when call.Count is 1 or 2:
                return await NonceAsync(call, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    // The only method here that changes anything: once it ran, its outcome (hash or refusal) is the answer, shaped
    // exactly like LedgerRpcHandler's. The read-only ones hand any error back to the general path to phrase.
    private async Task<string> SendRawAsync(FastCall call, CancellationToken cancellationToken)
    {
        try
        {
            var hash = await _ledger.SendRawTransactionAsync(ParseData(call.First, "data"), cancellationToken).ConfigureAwait(false);
            return Success(call.Id, Data(hash));
        }
        catch (LedgerRpcException ex)
        {
            return LedgerRpcHandler.Error(JsonNode.Parse(call.Id), ex.Code, ex.Message, ex.RpcData).ToJsonString();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return LedgerRpcHandler.Error(JsonNode.Parse(call.Id), RpcErrorCodes.Internal, "internal error: " + ex.GetType().Name).ToJsonString();
        }
    }

    private string? Receipt(FastCall call)
    {
        byte[] hash;
        try
        {
            hash = ParseHash(call.First, "hash");
        }
        catch (LedgerRpcException)
        {
            return null;
        }

        if (_ledger.GetReceipt(hash) is not { } receipt)
        {
            return string.Concat("{\"jsonrpc\":\"2.0\",\"id\":", call.Id, ",\"result\":null}");
        }

        var answer = string.Concat("{\"jsonrpc\":\"2.0\",\"id\":", call.Id, ",\"result\":", RpcFormat.Receipt(receipt).ToJsonString(), "}");

        // Over the response budget the general path phrases the refusal.
        return Encoding.UTF8.GetByteCount(answer) > _maxResponseBytes ? null : answer;
    }

    private async Task<string?> NonceAsync(FastCall call, CancellationToken cancellationToken)
    {
        try
        {
            var account = await _ledger.GetAccountAsync(ParseAddress(call.First, "address"), BlockTag.Parse(call.Second), cancellationToken).ConfigureAwait(false);
            return Success(call.Id, Quantity(account.Nonce));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A refusal or a fault (SQLite, a disposed ledger): the general path answers it, as a JSON-RPC error.
            return null;
        }
    }

    // Reads change nothing, so any failure but OOM goes back to the general path, which phrases it (a refusal by
    // its code, anything else as -32603) — never an exception out of the handler (HTTP 500).
    private static string? ReadOrFallBack(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    // Hex quantities and data need no escaping, and the id is an integer or a plain string as the client sent it.
    private static string Success(string id, string hexResult) =>
        string.Concat("{\"jsonrpc\":\"2.0\",\"id\":", id, ",\"result\":\"", hexResult, "\"}");

    private readonly record struct FastCall(string Method, string Id, int Count, string? First, string? Second);

    private static bool TryParse(string requestJson, out FastCall call)
    {
        call = default;
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(requestJson.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(requestJson, buffer);
            return TryParse(buffer.AsSpan(0, length), out call);
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> utf8, out FastCall call)
    {
        call = default;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? method = null, id = null, first = null, second = null;
        bool version = false, hasParams = false;
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                if (version || !reader.Read() || !IsPlainString(ref reader) || !reader.ValueTextEquals("2.0"u8))
                {
                    return false;
                }

                version = true;
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                if (id is not null || !reader.Read() || (id = Id(ref reader)) is null)
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                if (method is not null || !reader.Read() || !IsPlainString(ref reader))
                {
                    return false;
                }

                method = reader.GetString();
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                if (hasParams || !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                hasParams = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!IsPlainString(ref reader) || count >= 2)
                    {
                        return false;
                    }

                    (count++ == 0 ? ref first : ref second) = reader.GetString();
                }
            }
            else
            {
                return false;
            }
        }

        // The object must close and nothing may follow it (the general path refuses trailing text).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read() || method is null || id is null || !version)
        {
            return false;
        }

        call = new FastCall(method, id, count, first, second);
        return true;
    }

    private static bool IsPlainString(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped;

    /// <summary>The id exactly as the general path echoes it: a short integer, or a string of letters, digits and - _ . :</summary>
    private static string? Id(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (raw.Length is 0 or > 32)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            var digits = raw[0] == (byte)'-' ? raw[1..] : raw;
            return digits.Length > 0 && digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 ? Encoding.UTF8.GetString(raw) : null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && raw.IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:"u8) < 0)
        {
            return string.Concat("\"", Encoding.UTF8.GetString(raw), "\"");
        }

        return null;
    }
}
