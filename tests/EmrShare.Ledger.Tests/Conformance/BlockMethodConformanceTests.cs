using System.Text.Json.Nodes;
using EmrShare.Ledger.Tests.TestKit;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>Block and transaction lookups wallets and indexers expect, shaped as geth answers them.</summary>
public sealed class BlockMethodConformanceTests
{
    [Fact]
    public async Task BlockLookups_ByHashNumberAndIndex_AgreeWithTheBlock()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1, probe, Probe.Anchor(Probe.Id(1), Probe.Id(2)), 200_000));
        var blockHash = receipt["blockHash"]!.GetValue<string>();
        var blockNumber = receipt["blockNumber"]!.GetValue<string>();
        var txHash = receipt["transactionHash"]!.GetValue<string>();

        var count = await harness.Rpc.ResultAsync("eth_getBlockTransactionCountByHash", blockHash);
        var byHash = await harness.Rpc.ResultAsync("eth_getTransactionByBlockHashAndIndex", blockHash, "0x0");
        var byNumber = await harness.Rpc.ResultAsync("eth_getTransactionByBlockNumberAndIndex", blockNumber, "0x0");
        var outOfRange = await harness.Rpc.ResultAsync("eth_getTransactionByBlockNumberAndIndex", blockNumber, "0x1");
        var receiptsByNumber = (await harness.Rpc.ResultAsync("eth_getBlockReceipts", blockNumber))!.AsArray();
        var receiptsByHash = (await harness.Rpc.ResultAsync("eth_getBlockReceipts", blockHash))!.AsArray();
        var unknown = await harness.Rpc.ResultAsync("eth_getBlockTransactionCountByHash", LedgerHex.Data(new byte[32]));

        Assert.Equal(1, Number(count));
        Assert.Equal(txHash, byHash!["hash"]!.GetValue<string>());
        Assert.Equal(blockHash, byHash["blockHash"]!.GetValue<string>());
        Assert.Equal(byHash.ToJsonString(), byNumber!.ToJsonString());
        Assert.Null(outOfRange);
        Assert.Equal(receipt.ToJsonString(), receiptsByNumber.Single()!.ToJsonString());
        Assert.Equal(receipt.ToJsonString(), receiptsByHash.Single()!.ToJsonString());
        Assert.Null(unknown);
    }

    [Fact]
    public async Task PendingTransactionFilter_ReportsNewTransactionsOnce()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var filter = (await harness.Rpc.ResultAsync("eth_newPendingTransactionFilter"))!.GetValue<string>();
        var sent = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(1), ChainId, 0, LedgerHarness.Account(2), [], 21_000, value: 1));

        var first = (await harness.Rpc.ResultAsync("eth_getFilterChanges", filter))!.AsArray();
        var second = (await harness.Rpc.ResultAsync("eth_getFilterChanges", filter))!.AsArray();

        Assert.Equal(sent["transactionHash"]!.GetValue<string>(), first.Single()!.GetValue<string>());
        Assert.Empty(second);
    }

    [Fact]
    public async Task GetProof_NotSupported_RefusalSaysSo()
    {
        await using var harness = await LedgerHarness.StartAsync();

        var (code, message, _) = await harness.Rpc.ErrorAsync("eth_getProof", LedgerHarness.Account(0), new JsonArray(), "latest");

        Assert.Equal(-32601, code);
        Assert.Contains("eth_getProof is not supported", message, StringComparison.Ordinal);
    }
}
