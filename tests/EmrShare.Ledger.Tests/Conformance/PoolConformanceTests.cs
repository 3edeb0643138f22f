using System.Numerics;
using EmrShare.Ledger.Tests.TestKit;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>The transaction pool as geth runs it: pending visibility, replacement by fee, and the future-nonce queue.</summary>
public sealed class PoolConformanceTests
{
    private static readonly string Bob = LedgerHarness.Account(2);
    private static readonly BigInteger Gwei = 1_000_000_000;

    private static Task<LedgerHarness> IntervalLedgerAsync() =>
        LedgerHarness.StartAsync(LedgerOptions.Development(mining: MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) });

    private static string Hash(byte[] raw) => LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(raw));

    [Fact]
    public async Task IntervalMining_AcceptedNotSealed_VisibleAsPending()
    {
        await using var harness = await IntervalLedgerAsync();
        var raw = TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Bob, [], 21_000, value: 1);
        var hash = (await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raw)))!.GetValue<string>();

        var tx = await harness.Rpc.ResultAsync("eth_getTransactionByHash", hash);
        var pendingBlock = await harness.Rpc.ResultAsync("eth_getBlockByNumber", "pending", false);
        var count = await harness.Rpc.ResultAsync("eth_getBlockTransactionCountByNumber", "pending");
        var byIndex = await harness.Rpc.ResultAsync("eth_getTransactionByBlockNumberAndIndex", "pending", "0x0");

        Assert.Equal(hash, tx!["hash"]!.GetValue<string>());
        Assert.Null(tx["blockHash"]);
        Assert.Equal("0x1", pendingBlock!["number"]!.GetValue<string>());
        Assert.Equal(hash, pendingBlock["transactions"]![0]!.GetValue<string>());
        Assert.Equal(1, Number(count));
        Assert.Equal(hash, byIndex!["hash"]!.GetValue<string>());

        await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);
        Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionByHash", hash))!["blockNumber"]!.GetValue<string>());
        Assert.Equal(0, Number(await harness.Rpc.ResultAsync("eth_getBlockTransactionCountByNumber", "pending")));
    }

    [Fact]
    public async Task Replacement_BelowTenPercentBump_UnderpricedAtOrAboveReplaces()
    {
        await using var harness = await IntervalLedgerAsync();
        var original = TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Bob, [], 21_000, gasPrice: 2 * Gwei, value: 1);
        var tooCheap = TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Bob, [], 21_000, gasPrice: 2 * Gwei * 109 / 100, value: 1);
        var speedUp = TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, Bob, [], 21_000, gasPrice: 2 * Gwei * 110 / 100, value: 1);
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(original));

        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_sendRawTransaction", LedgerHex.Data(tooCheap));
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(speedUp));
        await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);

        Assert.Equal((-32000, "replacement transaction underpriced"), (code, message));
        Assert.Null(await harness.Rpc.ResultAsync("eth_getTransactionReceipt", Hash(original)));
        Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionReceipt", Hash(speedUp)))!["status"]!.GetValue<string>());
        Assert.Equal(1, Number(await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "latest")));
    }

    [Fact]
    public async Task Replacement_Eip1559Cancel_ReplacesPendingTransfer()
    {
        await using var harness = await IntervalLedgerAsync();
        var transfer = TestTx.Eip1559(LedgerHarness.Key(1), ChainId, 0, Bob, [], 21_000, maxFee: 3 * Gwei, tip: Gwei, value: BigInteger.Pow(10, 18));
        var cancel = TestTx.Eip1559(LedgerHarness.Key(1), ChainId, 0, LedgerHarness.Account(1), [], 21_000, maxFee: 4 * Gwei, tip: 2 * Gwei);
        var bobBefore = Number(await harness.Rpc.ResultAsync("eth_getBalance", Bob, "latest"));
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(transfer));

        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(cancel));
        await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);

        Assert.Equal(bobBefore, Number(await harness.Rpc.ResultAsync("eth_getBalance", Bob, "latest")));
        Assert.NotNull(await harness.Rpc.ResultAsync("eth_getTransactionReceipt", Hash(cancel)));
    }

    [Fact]
    public async Task FutureNonce_QueuedUntilTheGapFills_ThenAllMined()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var raws = Enumerable.Range(0, 3).Select(n => TestTx.Legacy(LedgerHarness.Key(1), ChainId, n, Bob, [], 21_000, value: 1)).ToArray();
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raws[2]));
        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raws[1]));

        Assert.Equal(0, harness.Ledger.Head.Number);
        Assert.NotNull(await harness.Rpc.ResultAsync("eth_getTransactionByHash", Hash(raws[2])));

        await harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raws[0]));

        Assert.Equal(3, Number(await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "latest")));
        foreach (var raw in raws)
        {
            Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionReceipt", Hash(raw)))!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ConcurrentSends_AnyArrivalOrder_NoneLost()
    {
        await using var harness = await IntervalLedgerAsync();
        var raws = Enumerable.Range(0, 5).Select(n => TestTx.Legacy(LedgerHarness.Key(1), ChainId, n, Bob, [], 21_000, value: 1)).Reverse().ToArray();

        await Task.WhenAll(raws.Select(r => harness.Rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(r))));
        await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, Number(await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "latest")));
    }
}
