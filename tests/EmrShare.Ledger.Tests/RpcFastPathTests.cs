using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// The JSON-RPC fast path (no JsonNode tree for the hot methods) must answer byte for byte what the general path
/// answers. Two identical ledgers get the same requests in the same order, one through the handler (fast path
/// first) and one through the general path only; every answer is compared as text.
/// </summary>
public sealed class RpcFastPathTests
{
    private static readonly BigInteger ChainId = LedgerOptions.Development().ChainId;

    private static string Request(string id, string method, string parameters) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":{parameters}}}";

    private static string Raw(byte[] raw) => LedgerHex.Data(raw);

    [Fact]
    public async Task HotMethods_SameRequestsOnTwinLedgers_ByteIdenticalAnswers()
    {
        // One fixed clock: the twins seal identical blocks (same timestamps, so the same hashes in every receipt).
        var ct = TestContext.Current.CancellationToken;
        await using var fastLedger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), new FixedClock(), ct);
        await using var generalLedger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), new FixedClock(), ct);
        var fast = new LedgerRpcHandler(fastLedger, new FixedClock());
        var general = new LedgerRpcHandler(generalLedger, new FixedClock());
        var sender = LedgerHarness.Account(1);
        var to = LedgerHarness.Account(2);
        var first = TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, to, [], 21_000, value: 5);
        var second = TestTx.Eip1559(LedgerHarness.Key(1), ChainId, 1, to, [1, 2, 3], 30_000, value: 7);
        var wrongChain = TestTx.Legacy(LedgerHarness.Key(3), ChainId + 1, 0, to, [], 21_000);
        var firstHash = LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(first));
        string[] requests =
        [
            Request("1", "eth_blockNumber", "[]"),
            Request("\"abc-1.x:y_z\"", "eth_getTransactionCount", $"[\"{sender}\",\"latest\"]"),
            Request("2", "eth_getTransactionReceipt", $"[\"{firstHash}\"]"),
            Request("-3", "eth_sendRawTransaction", $"[\"{Raw(first)}\"]"),
            Request("4", "eth_sendRawTransaction", $"[\"{Raw(first)}\"]"),
            Request("12345678901234567890", "eth_sendRawTransaction", $"[\"{Raw(second)}\"]"),
            Request("6", "eth_sendRawTransaction", $"[\"{Raw(wrongChain)}\"]"),
            Request("7", "eth_sendRawTransaction", "[\"nothex\"]"),
            Request("8", "eth_sendRawTransaction", "[\"0x\"]"),
            Request("9", "eth_sendRawTransaction", "[\"0xf8\"]"),
            Request("10", "eth_getTransactionReceipt", $"[\"{firstHash}\"]"),
            Request("11", "eth_getTransactionReceipt", "[\"0x12\"]"),
            Request("12", "eth_getTransactionReceipt", $"[\"0x{new string('0', 64)}\"]"),
            Request("13", "eth_getTransactionCount", $"[\"{sender}\"]"),
            Request("14", "eth_getTransactionCount", $"[\"{sender}\",\"pending\"]"),
            Request("15", "eth_getTransactionCount", $"[\"{sender}\",\"0x0\"]"),
            Request("16", "eth_getTransactionCount", "[\"0x1234\",\"latest\"]"),
            Request("17", "eth_blockNumber", "[]"),

            // Shapes the fast path leaves to the general path: the answer must still be the general one.
            Request("18", "eth_blockNumber", "[\"extra\"]"),
            "{\"jsonrpc\":\"2.0\",\"id\":19,\"id\":20,\"method\":\"eth_blockNumber\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"eth_block\\u004eumber\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"eth_blockNumber\",\"params\":[]} trailing",
            "{\"id\":23,\"method\":\"eth_blockNumber\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"eth_blockNumber\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5e3,\"method\":\"eth_blockNumber\",\"params\":[]}",
            "{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9\",\"method\":\"eth_blockNumber\",\"params\":[]}",
            "{\"jsonrpc\":\"1.0\",\"id\":24,\"method\":\"eth_blockNumber\",\"params\":[]}",
            $"[{Request("25", "eth_blockNumber", "[]")}]",
        ];

        // Which requests the fast path answers itself (the rest it hands over): a bad hash or address, a past block, and every
        // shape after "Shapes the fast path leaves", go to the general path.
        var leftToGeneral = new HashSet<int> { 11, 15, 16 };
        var firstOtherShape = Array.FindIndex(requests, r => r == Request("18", "eth_blockNumber", "[\"extra\"]"));
        for (var i = 0; i < requests.Length; i++)
        {
            var answeredBefore = fast.FastPathAnswered;
            var viaFast = await fast.HandleAsync(requests[i], ct);
            var viaGeneral = await general.HandleGeneralAsync(requests[i], null, ct);
            Assert.Equal(viaGeneral, viaFast);
            var expectFast = i < firstOtherShape && !leftToGeneral.Contains(i);
            Assert.True(expectFast == (fast.FastPathAnswered == answeredBefore + 1), $"request {i} ({requests[i]}): fast path expected {expectFast}");
        }

        // The run did what it says: both ledgers mined the two good transactions.
        Assert.Equal(2, fastLedger.Head.Number);
        Assert.Equal(generalLedger.Head.Hash, fastLedger.Head.Hash);
    }

    [Fact]
    public async Task Reads_LedgerDisposed_GeneralPathAnswersJsonRpcError()
    {
        var ct = TestContext.Current.CancellationToken;
        var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(), cancellationToken: ct);
        var handler = new LedgerRpcHandler(ledger);
        await ledger.DisposeAsync();
        foreach (var request in new[]
        {
            Request("1", "eth_getTransactionReceipt", $"[\"0x{new string('1', 64)}\"]"),
            Request("2", "eth_getTransactionCount", $"[\"{LedgerHarness.Account(1)}\",\"latest\"]"),
        })
        {
            var answer = await handler.HandleAsync(request, ct);
            Assert.Equal(answer, await handler.HandleGeneralAsync(request, null, ct));
            Assert.Contains("\"error\"", answer, StringComparison.Ordinal);
        }
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
