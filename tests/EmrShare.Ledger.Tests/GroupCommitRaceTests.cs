using System.Text.Json.Nodes;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// Group commit's race between a sealer and a flush outside the gate: sender A sealed its block and is about to
/// flush it when sender B, under the gate, is halfway through appending the next block. A's flush must commit
/// what is listed, answer A success (its transaction is durable) and announce its receipt; B must succeed too.
/// </summary>
public sealed class GroupCommitRaceTests
{
    [Fact]
    public async Task Flush_WhileNextBlockIsBeingAppended_BothSendsSucceedAndReceiptsAnnounced()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(folder.File("ledger.db")), cancellationToken: ct);
        var to = LedgerHarness.Account(9);
        var first = ledger.Head.Number + 1;
        using var aAboutToFlush = new ManualResetEventSlim();
        using var bHalfwayAppended = new ManualResetEventSlim();
        Task<byte[]>? sendA = null;
        ledger.FlushingHookForTests = number =>
        {
            if (number == first && !aAboutToFlush.IsSet)
            {
                aAboutToFlush.Set();
                Assert.True(bHalfwayAppended.Wait(TimeSpan.FromSeconds(30), ct), "B never reached the append");
            }
        };
        ledger.AppendingHookForTests = number =>
        {
            if (number == first + 1)
            {
                bHalfwayAppended.Set();

                // A's flush runs now, while B holds the gate halfway through its append.
                sendA!.ContinueWith(_ => { }, TaskScheduler.Default).Wait(TimeSpan.FromSeconds(30), ct);
            }
        };

        var txA = TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, to, [], 21_000, value: 1);
        var txB = TestTx.Legacy(LedgerHarness.Key(2), 31337, 0, to, [], 21_000, value: 1);
        var receiptA = ledger.WaitForReceiptAsync(Nethereum.Util.Sha3Keccack.Current.CalculateHash(txA), ct);
        sendA = Task.Run(() => ledger.SendRawTransactionAsync(txA, ct), ct);
        Assert.True(aAboutToFlush.Wait(TimeSpan.FromSeconds(30), ct), "A never reached its flush");
        var sendB = Task.Run(() => ledger.SendRawTransactionAsync(txB, ct), ct);

        var hashA = await sendA.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var hashB = await sendB.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var announced = await receiptA.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal(hashA, announced.TransactionHash);
        Assert.Equal(first, announced.BlockNumber);
        Assert.Equal(first + 1, ledger.Head.Number);
        Assert.Equal(first + 1, (await ledger.WaitForReceiptAsync(hashB, ct).WaitAsync(TimeSpan.FromSeconds(30), ct)).BlockNumber);

        // The tip state carries no leftover layer: the next block still builds and commits.
        await ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(1), 31337, 1, to, [], 21_000, value: 1), ct);
        Assert.Equal(first + 2, ledger.Head.Number);
        Assert.Equal(2, (await ledger.GetAccountAsync(LedgerHarness.Account(1), BlockTag.Latest, ct)).Nonce);
    }

    [Fact]
    public async Task GetTransactionByHash_BlockSealedAwaitingCommit_ShownAsPending()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(folder.File("ledger.db")), cancellationToken: ct);
        var handler = new LedgerRpcHandler(ledger);
        var raw = TestTx.Legacy(LedgerHarness.Key(1), 31337, 0, LedgerHarness.Account(9), [], 21_000, value: 1);
        var hash = LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(raw));
        var request = $"{{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getTransactionByHash\",\"params\":[\"{hash}\"]}}";
        string? whileAwaitingCommit = null;

        // The sender's flush is about to start: its block is sealed (out of the pending block) but not durable.
        ledger.FlushingHookForTests = _ => whileAwaitingCommit = Task.Run(() => handler.HandleAsync(request, ct), ct).GetAwaiter().GetResult();
        await ledger.SendRawTransactionAsync(raw, ct);
        ledger.FlushingHookForTests = null;

        var pending = JsonNode.Parse(whileAwaitingCommit!)!["result"];
        Assert.NotNull(pending);
        Assert.Equal(hash, pending["hash"]!.GetValue<string>());
        Assert.Null(pending["blockNumber"]);
        var mined = JsonNode.Parse((await handler.HandleAsync(request, ct))!)!["result"]!;
        Assert.Equal("0x1", mined["blockNumber"]!.GetValue<string>());
    }
}
