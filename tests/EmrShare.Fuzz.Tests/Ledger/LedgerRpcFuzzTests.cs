using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Fuzz.Tests.Infrastructure;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;

namespace EmrShare.Fuzz.Tests.Ledger;

/// <summary>
/// The embedded ledger's JSON-RPC handler in process (what its HTTP server calls): mutated signed transactions
/// through <c>eth_sendRawTransaction</c>, and mutated, mistyped and oversize (batch) requests. Every answer must
/// be well-formed JSON-RPC — a result or an error object with an integer code — and never -32603 "internal
/// error", which the handler uses for an exception it did not expect.
/// </summary>
public sealed class LedgerRpcFuzzTests : IAsyncLifetime
{
    private const int ChainId = 31_337;
    private EmbeddedLedger? _ledger;
    private LedgerRpcHandler? _handler;

    public async ValueTask InitializeAsync()
    {
        _ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: TestContext.Current.CancellationToken);
        _handler = new LedgerRpcHandler(_ledger);
    }

    [Fact]
    public async Task SendRawTransaction_MutatedSignedTransactions_OnlyJsonRpcErrors()
    {
        var key = LedgerOptions.DevPrivateKeys[1];
        var to = new EthECKey(LedgerOptions.DevPrivateKeys[2]).GetPublicAddress();
        byte[][] seeds =
        [
            Legacy(key, 0, to, [1, 2, 3]),
            Eip1559(key, 0, to, [0xde, 0xad]),
            Eip1559(key, 1, null, [0x60, 0x00, 0x60, 0x00, 0xf3]),
        ];
        var target = new FuzzTarget<byte[]>(
            "Ledger.eth_sendRawTransaction",
            random => Mutator.Bytes(random, seeds, 300),
            raw => CallAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "eth_sendRawTransaction", ["params"] = new JsonArray("0x" + Convert.ToHexStringLower(raw)) }.ToJsonString()),
            e => e is JsonRpcErrorException,
            Convert.ToHexStringLower) with
        {
            ExpectsAccepted = false,
            MillisecondsPerCase = 4,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Handle_MutatedRequestsAndBatches_OnlyJsonRpcErrors()
    {
        var target = new FuzzTarget<string>(
            "Ledger.JsonRpcHandler",
            LedgerRequestGenerator.Next,
            request =>
            {
                return CallAsync(request);
            },
            e => e is JsonRpcErrorException,
            text => text) with
        {
            MillisecondsPerCase = 4,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    private async ValueTask CallAsync(string request)
    {
        var text = await _handler!.HandleAsync(request, CancellationToken.None);
        if (text is null)
        {
            // Only notifications (requests without an id) may go unanswered.
            FuzzInvariantException.Require(!request.Contains("\"id\"", StringComparison.Ordinal) || request.TrimStart().StartsWith('['), "a request with an id got no answer");
            return;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new FuzzInvariantException("the answer is not JSON: " + text, e);
        }

        var answers = root is JsonArray array ? [.. array] : new[] { root };
        var errors = new List<string>();
        foreach (var answer in answers)
        {
            FuzzInvariantException.Require(answer is JsonObject { } o && o["jsonrpc"]?.GetValue<string>() == "2.0", "answer without jsonrpc 2.0: " + answer?.ToJsonString());
            var obj = (JsonObject)answer!;
            if (obj["error"] is JsonObject error)
            {
                var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : (int?)null;
                FuzzInvariantException.Require(code is not null && error["message"] is JsonValue, "malformed error object: " + error.ToJsonString());
                FuzzInvariantException.Require(code != RpcErrorCodes.Internal, "internal error (unhandled exception in the ledger): " + error.ToJsonString());
                errors.Add($"{code}: {error["message"]}");
            }
            else
            {
                FuzzInvariantException.Require(obj.ContainsKey("result"), "answer with neither result nor error: " + obj.ToJsonString());
            }
        }

        if (errors.Count == answers.Length)
        {
            throw new JsonRpcErrorException(errors[0]);
        }
    }

    private static byte[] Legacy(string key, BigInteger nonce, string to, byte[] data)
    {
        var tx = new LegacyTransactionChainId(to, 0, nonce, 2_000_000_000, 100_000, data.ToHex(true), ChainId);
        var signature = new EthECKey(key).SignAndCalculateV(tx.RawHash, ChainId);
        tx.SetSignature(new Signature(signature.R, signature.S, signature.V));
        return tx.GetRLPEncoded();
    }

    private static byte[] Eip1559(string key, BigInteger nonce, string? to, byte[] data)
    {
        var tx = new Transaction1559(ChainId, nonce, 1_000_000_000, 3_000_000_000, 100_000, to, 0, data.ToHex(true), []);
        return new Transaction1559Signer().SignTransaction(key, tx).HexToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync();
        }
    }
}

/// <summary>A JSON-RPC error answer: the handler's documented reaction to a bad request.</summary>
public sealed class JsonRpcErrorException : Exception
{
    public JsonRpcErrorException()
    {
    }

    public JsonRpcErrorException(string message)
        : base(message)
    {
    }

    public JsonRpcErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
