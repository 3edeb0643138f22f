using System.Diagnostics;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;

namespace EmrShare.Bench;

/// <summary>The timed part of a ledger benchmark run: one sender loop per hospital, then a receipt check.</summary>
internal static class LedgerBenchRuns
{
    public static async Task<double> InProcessAsync(EmbeddedLedger ledger, BenchRpc verifier, LedgerBenchmarkWorkload workload, bool batched, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workload.PerAccount.Select(txs => Task.Run(
            async () =>
            {
                byte[]? last = null;
                if (batched)
                {
                    foreach (var chunk in txs.Chunk(LedgerBenchmark.BatchSize))
                    {
                        var outcomes = await ledger.SendRawTransactionsAsync(chunk, cancellationToken);
                        var rejected = outcomes.FirstOrDefault(o => !o.Accepted);
                        if (rejected is not null)
                        {
                            throw new InvalidOperationException("rejected: " + rejected.Error!.Message);
                        }

                        last = outcomes[^1].Hash;
                    }
                }
                else
                {
                    foreach (var raw in txs)
                    {
                        last = await ledger.SendRawTransactionAsync(raw, cancellationToken);
                    }
                }

                await ledger.WaitForReceiptAsync(last!, cancellationToken);
            },
            cancellationToken)));
        clock.Stop();
        await VerifyAsync(verifier, workload, cancellationToken);
        return workload.Total / clock.Elapsed.TotalSeconds;
    }

    public static async Task<double> OverHttpAsync(Uri url, LedgerBenchmarkWorkload workload, bool batched, CancellationToken cancellationToken)
    {
        var rpc = new BenchRpc(url);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workload.PerAccount.Select(txs => Task.Run(
            async () =>
            {
                string? last = null;
                if (batched)
                {
                    foreach (var chunk in txs.Chunk(LedgerBenchmark.BatchSize))
                    {
                        last = await rpc.SendRawBatchAsync(chunk, cancellationToken);
                    }
                }
                else
                {
                    foreach (var raw in txs)
                    {
                        last = await rpc.SendRawAsync(raw, cancellationToken);
                    }
                }

                await rpc.WaitForReceiptAsync(last!, cancellationToken);
            },
            cancellationToken)));
        clock.Stop();
        await VerifyAsync(rpc, workload, cancellationToken);
        return workload.Total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Every transaction of the run must have a successful receipt.</summary>
    private static async Task VerifyAsync(BenchRpc rpc, LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var raw in workload.PerAccount.SelectMany(t => t))
        {
            var hash = LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(raw));
            var receipt = await rpc.CallAsync("eth_getTransactionReceipt", new JsonArray(hash), cancellationToken);
            if (receipt?["status"]?.GetValue<string>() != "0x1")
            {
                failed++;
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {workload.Total} anchors did not succeed");
        }
    }
}
