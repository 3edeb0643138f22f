using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// kill -9 of a ledger node in the middle of a load run: after reopening its SQLite file, every transaction
/// whose receipt the node had returned is there, and the chain has no half-written block (every block is
/// sealed and linked, and the state agrees with the blocks).
/// </summary>
public sealed class CrashSafetyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public async Task KillDashNine_MidLoad_EveryAcknowledgedReceiptSurvives(int intervalMs)
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var port = FreePort.Next();
        var host = Path.Combine(AppContext.BaseDirectory, "emrshare-ledger.dll");
        await using var node = ManagedProcess.Start("dotnet", [host, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder.Path, "--interval-ms", intervalMs.ToString(CultureInfo.InvariantCulture)]);
        using var rpc = new RpcTestClient(new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitUntilAsync(async _ => (await rpc.SendAsync("eth_chainId"))["result"] is not null, TimeSpan.FromSeconds(30), ct);

        var deploy = await rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 0, null, Probe.Bytecode, 3_000_000));
        var contract = deploy["contractAddress"]!.GetValue<string>();
        var acknowledged = new ConcurrentBag<(string Hash, string BlockHash)>();
        using var stopLoad = new CancellationTokenSource();
        var senders = Enumerable.Range(1, 4).Select(s => Task.Run(async () =>
        {
            for (var nonce = 0; !stopLoad.IsCancellationRequested; nonce++)
            {
                try
                {
                    var raw = TestTx.Legacy(LedgerHarness.Key(s), 31337, nonce, contract, Probe.Anchor(Probe.Id((s * 100_000) + nonce), Probe.Id(nonce)), 200_000);
                    var receipt = await rpc.SendAndWaitAsync(raw);
                    acknowledged.Add((receipt["transactionHash"]!.GetValue<string>(), receipt["blockHash"]!.GetValue<string>()));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or TimeoutException)
                {
                    return; // the node is gone
                }
            }
        }, ct)).ToList();

        // Kill once the load means something (at least 21 receipts returned, then a little more), however slow the
        // machine: a fixed wait gave 17 receipts on a loaded 2-core machine and the check below failed.
        var loadDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (acknowledged.Count <= 20 && DateTime.UtcNow < loadDeadline && senders.All(t => !t.IsCompleted))
        {
            await Task.Delay(50, ct);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
        node.Kill();
        await stopLoad.CancelAsync();
        await Task.WhenAll(senders);
        Assert.True(acknowledged.Count > 20, $"load too small to mean anything ({acknowledged.Count})");

        await using var reopened = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(Path.Combine(folder.Path, "ledger.db")), cancellationToken: ct);
        foreach (var (hash, blockHash) in acknowledged)
        {
            var receipt = reopened.GetReceipt(LedgerHex.ParseHash(hash, "hash"));
            Assert.NotNull(receipt);
            Assert.Equal(blockHash, LedgerHex.Data(receipt.BlockHash));
        }

        await AssertChainConsistentAsync(reopened, contract, ct);
    }

    [Fact]
    public async Task SigTerm_WithAcceptedButUnsealedTransaction_SealsItBeforeExit()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var port = FreePort.Next();
        var host = Path.Combine(AppContext.BaseDirectory, "emrshare-ledger.dll");
        await using var node = ManagedProcess.Start("dotnet", [host, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder.Path, "--interval-ms", "3600000"]);
        using var rpc = new RpcTestClient(new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitUntilAsync(async _ => (await rpc.SendAsync("eth_chainId"))["result"] is not null, TimeSpan.FromSeconds(30), ct);
        var hash = (await rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(2), [], 21_000, value: 7))))!.GetValue<string>();
        Assert.Null(await rpc.ResultAsync("eth_getTransactionReceipt", hash));

        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", node.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(ct);
        }

        using (var exiting = System.Diagnostics.Process.GetProcessById(node.Id))
        {
            await exiting.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        }

        await using var reopened = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(Path.Combine(folder.Path, "ledger.db")), cancellationToken: ct);
        var receipt = reopened.GetReceipt(LedgerHex.ParseHash(hash, "hash"));
        Assert.NotNull(receipt);
        Assert.True(receipt.Success);
    }

    internal static async Task AssertChainConsistentAsync(EmbeddedLedger ledger, string contract, CancellationToken ct)
    {
        var sentBy = new Dictionary<string, int>(StringComparer.Ordinal);
        var anchors = 0;
        var parent = ledger.GetBlock(BlockTag.Earliest)!;
        for (var n = 1; n <= ledger.Head.Number; n++)
        {
            var block = ledger.GetBlock(BlockTag.At(n))!;
            Assert.True(BlockSeal.Verify(block, ledger.SealerAddress), $"block {n} seal");
            Assert.Equal(parent.Hash, block.ParentHash);
            var receipts = ledger.GetReceipts(n);
            Assert.Equal(block.TransactionHashes.Count, receipts.Count);
            foreach (var receipt in receipts)
            {
                sentBy[receipt.From] = sentBy.GetValueOrDefault(receipt.From) + 1;
                if (string.Equals(receipt.To, contract, StringComparison.Ordinal) && receipt.Success)
                {
                    anchors++;
                }
            }

            parent = block;
        }

        foreach (var (sender, count) in sentBy)
        {
            Assert.Equal(new BigInteger(count), (await ledger.GetAccountAsync(sender, BlockTag.Latest, ct)).Nonce);
        }

        var stored = await ledger.CallAsync(new Execution.ExecutionRequest { From = LedgerHarness.Account(0), To = contract, Input = Probe.Count(), GasLimit = 1_000_000 }, BlockTag.Latest, ct);
        Assert.Equal(Probe.Word(anchors), stored);
    }
}
