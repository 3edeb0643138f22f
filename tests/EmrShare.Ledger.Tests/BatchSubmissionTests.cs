using System.Numerics;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>Batched intake (parallel recovery, serial execution) behaves exactly like one-by-one submission.</summary>
public sealed class BatchSubmissionTests
{
    private static readonly string Alice = LedgerHarness.Key(1);
    private static readonly string Carol = LedgerHarness.Key(3);
    private static readonly string Bob = LedgerHarness.Account(2);

    [Fact]
    public async Task SendRawTransactions_MixedBatch_EachItemAcceptedOrRejectedInOrder()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        var batch = new List<byte[]>
        {
            TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: 1),
            TestTx.Eip1559(Alice, 31337, 1, Bob, [], 21_000, value: 2),
            TestTx.Legacy(Alice, 31337, 1, Bob, [], 21_000, value: 3),   // nonce 1 was just used by the previous item
            TestTx.Legacy(Alice, 1, 2, Bob, [], 21_000, value: 4),       // wrong chain
            new byte[] { 0x01, 0x02 },                                   // not a transaction
            TestTx.Legacy(Carol, 31337, 0, Bob, [], 21_000, value: 5),
            TestTx.Legacy(Alice, 31337, 2, Bob, [], 21_000, value: 6),   // in order after the failures
            TestTx.Legacy(Carol, 31337, 100, Bob, [], 21_000, value: 7), // nonce gap beyond the queue
        };

        var outcomes = await harness.Ledger.SendRawTransactionsAsync(batch, ct);

        Assert.Equal([true, true, false, false, false, true, true, false], outcomes.Select(o => o.Accepted));
        Assert.StartsWith("nonce too low", outcomes[2].Error!.Message, StringComparison.Ordinal);
        Assert.StartsWith("invalid chain id for signer", outcomes[3].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(RpcErrorCodes.Server, outcomes[4].Error!.Code);
        Assert.StartsWith("nonce too high", outcomes[7].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(Nethereum.Util.Sha3Keccack.Current.CalculateHash(batch[0]), outcomes[0].Hash);

        // Automine: the four accepted transactions are sealed with their receipts, in submission order.
        var balance = await harness.Rpc.ResultAsync("eth_getBalance", Bob, "latest");
        var expected = BigInteger.Pow(10, 22) + 1 + 2 + 5 + 6;
        Assert.Equal(expected, BigInteger.Parse("0" + balance!.GetValue<string>()[2..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0x3", (await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "latest"))!.GetValue<string>());
        var numbers = new List<long>();
        foreach (var i in new[] { 0, 1, 5, 6 })
        {
            var receipt = await harness.Ledger.WaitForReceiptAsync(outcomes[i].Hash!, ct);
            Assert.True(receipt.Success);
            numbers.Add(receipt.BlockNumber);
        }

        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(4, numbers.Distinct().Count());
    }

    [Fact]
    public async Task SendRawTransactions_IntervalMining_OneBlockMatchesSequentialState()
    {
        var options = LedgerOptions.Development(null, MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) };
        await using var batched = await LedgerHarness.StartAsync(options);
        await using var sequential = await LedgerHarness.StartAsync(options);
        var ct = TestContext.Current.CancellationToken;
        var txs = Enumerable.Range(0, 40)
            .Select(n => TestTx.Legacy(LedgerHarness.Key(1 + (n % 4)), 31337, n / 4, Bob, [], 21_000, value: n + 1))
            .ToList();

        var outcomes = await batched.Ledger.SendRawTransactionsAsync(txs, ct);
        foreach (var raw in txs)
        {
            await sequential.Ledger.SendRawTransactionAsync(raw, ct);
        }

        Assert.All(outcomes, o => Assert.True(o.Accepted));
        var a = await batched.Ledger.MineAsync(ct);
        var b = await sequential.Ledger.MineAsync(ct);
        Assert.Equal(b.TransactionHashes.Select(Convert.ToHexString), a.TransactionHashes.Select(Convert.ToHexString));
        Assert.Equal(b.StateRoot, a.StateRoot);
        Assert.Equal(b.TransactionsRoot, a.TransactionsRoot);
        Assert.Equal(b.ReceiptsRoot, a.ReceiptsRoot);
    }

    [Fact]
    public async Task SendRawTransactions_EmptyOrNullItem_NoCrash()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        Assert.Empty(await harness.Ledger.SendRawTransactionsAsync([], ct));
        var outcomes = await harness.Ledger.SendRawTransactionsAsync([null!, []], ct);
        Assert.All(outcomes, o => Assert.Equal(RpcErrorCodes.Server, o.Error!.Code));
        await Assert.ThrowsAsync<ArgumentNullException>(() => harness.Ledger.SendRawTransactionsAsync(null!, ct));
    }

    [Fact]
    public async Task JsonRpcBatch_SendRawRun_AnswersEachLikeSingleRequestsInOrder()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var ok0 = LedgerHex.Data(TestTx.Legacy(Alice, 31337, 0, Bob, [], 21_000, value: 1));
        var ok1 = LedgerHex.Data(TestTx.Legacy(Alice, 31337, 1, Bob, [], 21_000, value: 1));
        var dup = ok1;
        var notified = LedgerHex.Data(TestTx.Legacy(Carol, 31337, 0, Bob, [], 21_000, value: 1));
        var body = "[" + string.Join(",",
            $$"""{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["{{ok0}}"]}""",
            $$"""{"jsonrpc":"2.0","id":"two","method":"eth_sendRawTransaction","params":["{{ok1}}"]}""",
            $$"""{"jsonrpc":"2.0","id":3,"method":"eth_sendRawTransaction","params":["{{dup}}"]}""",
            $$"""{"jsonrpc":"2.0","method":"eth_sendRawTransaction","params":["{{notified}}"]}""",
            """{"jsonrpc":"2.0","id":5,"method":"eth_sendRawTransaction","params":["0xzz"]}""",
            """{"jsonrpc":"2.0","id":6,"method":"eth_blockNumber","params":[]}""") + "]";

        var responses = System.Text.Json.Nodes.JsonNode.Parse((await harness.Rpc.SendRawAsync(body))!)!.AsArray();

        Assert.Equal(5, responses.Count);
        Assert.Equal(1, responses[0]!["id"]!.GetValue<int>());
        Assert.Equal(LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(LedgerHex.ParseData(ok0, "raw"))), responses[0]!["result"]!.GetValue<string>());
        Assert.Equal("two", responses[1]!["id"]!.GetValue<string>());
        Assert.NotNull(responses[1]!["result"]);
        Assert.Equal(3, responses[2]!["id"]!.GetValue<int>());
        Assert.StartsWith("nonce too low", responses[2]!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(5, responses[3]!["id"]!.GetValue<int>());
        Assert.Equal(RpcErrorCodes.InvalidParams, responses[3]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal("0x3", responses[4]!["result"]!.GetValue<string>());
        Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(3), "latest"))!.GetValue<string>());
    }
}
