using System.Collections.Concurrent;
using System.Globalization;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests;

/// <summary>
/// Group commit under kill -9: eight senders in automine (blocks sealed back to back share a SQLite commit), each
/// taking an eth_sendRawTransaction answer as the acknowledgement (in automine it is given only once the block is
/// durable) and watching eth_blockNumber. After the kill and a reopen, every acknowledged transaction has its
/// receipt, no block number a client saw is missing, and the chain is consistent (seals, links, nonces, state).
/// </summary>
public sealed class GroupCommitCrashTests
{
    [Fact]
    public async Task KillDashNine_MidBurstOfConcurrentSenders_EveryAcknowledgedBlockSurvives()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var port = FreePort.Next();
        var host = Path.Combine(AppContext.BaseDirectory, "emrshare-ledger.dll");
        await using var node = ManagedProcess.Start("dotnet", [host, "--port", port.ToString(CultureInfo.InvariantCulture), "--data", folder.Path, "--interval-ms", "0"]);
        using var rpc = new RpcTestClient(new Uri($"http://127.0.0.1:{port}/"));
        await node.WaitUntilAsync(async _ => (await rpc.SendAsync("eth_chainId"))["result"] is not null, TimeSpan.FromSeconds(30), ct);

        var deploy = await rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 0, null, Probe.Bytecode, 3_000_000));
        var contract = deploy["contractAddress"]!.GetValue<string>();
        var acknowledged = new ConcurrentBag<string>();
        long highestSeen = 0;

        // RpcTestClient reports any JSON-RPC error as InvalidOperationException: only failures after the kill
        // mean "the node is gone"; one before it (a refused or failed send) fails the test.
        var killed = 0;
        var errorsBeforeKill = new ConcurrentBag<string>();
        using var stopLoad = new CancellationTokenSource();
        var senders = Enumerable.Range(1, 8).Select(s => Task.Run(async () =>
        {
            for (var nonce = 0; !stopLoad.IsCancellationRequested; nonce++)
            {
                try
                {
                    var raw = TestTx.Legacy(LedgerHarness.Key(s), 31337, nonce, contract, Probe.Anchor(Probe.Id((s * 100_000) + nonce), Probe.Id(nonce)), 200_000);
                    var hash = (await rpc.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(raw)))!.GetValue<string>();
                    acknowledged.Add(hash);
                    var seen = (long)LedgerHex.ParseQuantity((await rpc.ResultAsync("eth_blockNumber"))!.GetValue<string>(), "block");
                    InterlockedMax(ref highestSeen, seen);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or TimeoutException)
                {
                    if (Volatile.Read(ref killed) == 0)
                    {
                        errorsBeforeKill.Add($"sender {s}: {ex.GetType().Name}: {ex.Message}");
                    }

                    return; // the node is gone
                }
            }
        }, ct)).ToList();

        var loadDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (acknowledged.Count <= 40 && DateTime.UtcNow < loadDeadline && senders.All(t => !t.IsCompleted))
        {
            await Task.Delay(20, ct);
        }

        Volatile.Write(ref killed, 1);
        node.Kill();
        await stopLoad.CancelAsync();
        await Task.WhenAll(senders);
        Assert.True(errorsBeforeKill.IsEmpty, "errors before the kill: " + string.Join("; ", errorsBeforeKill));
        Assert.True(acknowledged.Count > 40, $"load too small to mean anything ({acknowledged.Count})");

        await using var reopened = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(Path.Combine(folder.Path, "ledger.db")), cancellationToken: ct);
        foreach (var hash in acknowledged)
        {
            var receipt = reopened.GetReceipt(LedgerHex.ParseHash(hash, "hash"));
            Assert.NotNull(receipt);
            Assert.True(receipt.Success);
        }

        Assert.True(reopened.Head.Number >= Interlocked.Read(ref highestSeen), $"a client saw block {highestSeen}, the database ends at {reopened.Head.Number}");
        await CrashSafetyTests.AssertChainConsistentAsync(reopened, contract, ct);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
