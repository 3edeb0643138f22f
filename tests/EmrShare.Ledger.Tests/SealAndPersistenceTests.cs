using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>Proof-of-authority seals, block linkage, restart from SQLite and interval batching.</summary>
public sealed class SealAndPersistenceTests
{
    [Fact]
    public async Task VerifySeal_EveryBlock_SignedBySealerAndLinked()
    {
        await using var harness = await LedgerHarness.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, i, LedgerHarness.Account(2), [], 21_000, value: 1));
        }

        var parent = harness.Ledger.GetBlock(BlockTag.Earliest)!;
        Assert.True(BlockSeal.Verify(parent, harness.Ledger.SealerAddress));
        for (var n = 1; n <= 5; n++)
        {
            var block = harness.Ledger.GetBlock(BlockTag.At(n))!;
            Assert.True(BlockSeal.Verify(block, harness.Ledger.SealerAddress));
            Assert.Equal(parent.Hash, block.ParentHash);
            Assert.NotEqual(parent.StateRoot, block.StateRoot);
            parent = block;
        }
    }

    [Fact]
    public async Task VerifySeal_TamperedHeaderOrOtherSealer_Fails()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(2), [], 21_000, value: 1));
        var block = harness.Ledger.Head;
        Assert.False(BlockSeal.Verify(block, LedgerHarness.Account(1)));
        Assert.False(BlockSeal.Verify(block with { GasUsed = block.GasUsed + 1 }, harness.Ledger.SealerAddress));
        var forged = block with { GasUsed = block.GasUsed + 1 };
        forged = forged with { Hash = BlockHeaderCodec.BlockHash(forged) };
        Assert.False(BlockSeal.Verify(forged, harness.Ledger.SealerAddress));
        var resealedByOther = BlockSeal.Seal(block with { ExtraData = new byte[32] }, new Nethereum.Signer.EthECKey(LedgerHarness.Key(1)));
        Assert.Equal(LedgerHarness.Account(1), BlockSeal.RecoverSealer(resealedByOther));
        Assert.False(BlockSeal.Verify(resealedByOther, harness.Ledger.SealerAddress));
    }

    [Fact]
    public async Task Reopen_AfterTransactions_RestoresBlocksReceiptsAndState()
    {
        using var folder = new TempFolder();
        var options = LedgerOptions.Development(folder.File("ledger.db"));
        string contract;
        string receiptHash;
        LedgerBlock headBefore;
        await using (var harness = await LedgerHarness.StartAsync(options))
        {
            var deploy = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 0, null, Probe.Bytecode, 3_000_000));
            contract = deploy["contractAddress"]!.GetValue<string>();
            var anchored = await harness.Rpc.SendAndWaitAsync(TestTx.Eip1559(LedgerHarness.Key(0), 31337, 1, contract, Probe.Anchor(Probe.Id(1), Probe.Id(2)), 200_000));
            receiptHash = anchored["transactionHash"]!.GetValue<string>();
            headBefore = harness.Ledger.Head;
        }

        await using var reopened = await LedgerHarness.StartAsync(options);
        Assert.Equal(headBefore.Hash, reopened.Ledger.Head.Hash);
        Assert.Equal(headBefore.StateRoot, reopened.Ledger.Head.StateRoot);
        var receipt = await reopened.Rpc.ResultAsync("eth_getTransactionReceipt", receiptHash);
        Assert.Equal("0x1", receipt!["status"]!.GetValue<string>());
        Assert.Single(receipt["logs"]!.AsArray());
        Assert.Equal("0x2", (await reopened.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(0), "latest"))!.GetValue<string>());
        Assert.Equal(LedgerHex.Data(Probe.Word(1)), (await reopened.Rpc.ResultAsync("eth_call", new System.Text.Json.Nodes.JsonObject { ["to"] = contract, ["data"] = LedgerHex.Data(Probe.Count()) }, "latest"))!.GetValue<string>());
        Assert.Equal(LedgerHex.Data(Probe.Id(2)), (await reopened.Rpc.ResultAsync("eth_getStorageAt", contract, LedgerHex.Quantity(Probe.MappingSlot(Probe.Id(1), 2)), "latest"))!.GetValue<string>());

        // The chain continues where it stopped.
        var next = await reopened.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 2, contract, Probe.Anchor(Probe.Id(3), Probe.Id(4)), 200_000));
        Assert.Equal(LedgerHex.Quantity(headBefore.Number + 1), next["blockNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Reopen_WithOtherChainId_RefusedWithConfigurationError()
    {
        using var folder = new TempFolder();
        var options = LedgerOptions.Development(folder.File("ledger.db"));
        await using (await LedgerHarness.StartAsync(options))
        {
        }

        await Assert.ThrowsAsync<LedgerConfigurationException>(() => LedgerHarness.StartAsync(options with { ChainId = 99 }));
    }

    [Fact]
    public async Task IntervalMining_ManyTransactions_BatchedIntoFewSealedBlocks()
    {
        using var folder = new TempFolder();
        var options = LedgerOptions.Development(folder.File("ledger.db"), MiningMode.Interval) with { BlockInterval = TimeSpan.FromMilliseconds(200) };
        await using var harness = await LedgerHarness.StartAsync(options);
        // One batch enters the pending block under one acquisition of the chain's lock, so the interval seal sees all
        // 40 at once however slow the machine (40 single sends took longer than 3 intervals at load average 60).
        var raws = Enumerable.Range(0, 40).Select(i => TestTx.Legacy(LedgerHarness.Key(i % 4), 31337, i / 4, LedgerHarness.Account(9), [], 21_000, value: 1)).ToList();
        var outcomes = await harness.Ledger.SendRawTransactionsAsync(raws, TestContext.Current.CancellationToken);
        Assert.All(outcomes, o => Assert.Null(o.Error));
        var hashes = outcomes.Select(o => o.Hash!).ToList();

        // Accepted but not sealed yet: no receipt is served before the block is committed.
        var receipts = new List<LedgerReceipt>();
        foreach (var hash in hashes)
        {
            receipts.Add(await harness.Ledger.WaitForReceiptAsync(hash, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }

        var blocks = receipts.Select(r => r.BlockNumber).Distinct().ToList();
        Assert.True(blocks.Count <= 3, $"expected batching, got {blocks.Count} blocks");
        Assert.All(receipts, r => Assert.True(r.Success));
        var account9 = await harness.Ledger.GetAccountAsync(LedgerHarness.Account(9), BlockTag.Latest, TestContext.Current.CancellationToken);
        Assert.Equal(BigInteger.Pow(10, 22) + 40, account9.Balance);
        foreach (var number in blocks)
        {
            Assert.True(BlockSeal.Verify(harness.Ledger.GetBlock(BlockTag.At(number))!, harness.Ledger.SealerAddress));
        }
    }

    [Fact]
    public async Task IntervalMining_PendingNonce_CountsAcceptedTransactions()
    {
        var options = LedgerOptions.Development(null, MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) };
        await using var harness = await LedgerHarness.StartAsync(options);
        await harness.Ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(2), [], 21_000, value: 1), TestContext.Current.CancellationToken);
        Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "pending"))!.GetValue<string>());
        Assert.Equal("0x0", (await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(1), "latest"))!.GetValue<string>());
        var head = await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, head.Number);
        Assert.Single(head.TransactionHashes);
    }
}
