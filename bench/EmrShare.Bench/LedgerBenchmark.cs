using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;

namespace EmrShare.Bench;

/// <summary>
/// Record-anchoring throughput: the same pre-signed transactions (one SSTORE-heavy anchor + event each, from
/// eight accounts) against the embedded ledger — persisted in SQLite with interval mining, submitted in process
/// and over HTTP — and against a Hardhat node, side by side. Time runs from the first submission until the
/// last receipt is available.
/// </summary>
public sealed class LedgerBenchmark : IBenchmarkSuite
{
    private const int Accounts = 8;

    public string Name => "ledger";

    public string Title => "Embedded ledger vs Hardhat: record anchoring throughput";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = options.Quick ? 800 : 5000;
        var workload = LedgerBenchmarkWorkload.Create(total, Accounts);
        var workloadName = $"{total} anchors, {Accounts} senders";

        // JIT warm-up of the .NET code paths (a one-off process cost, not a property of the chain).
        var warmUp = LedgerBenchmarkWorkload.Create(400, Accounts);
        await RunEmbeddedAsync(warmUp, overHttp: false, cancellationToken);
        await RunEmbeddedAsync(warmUp, overHttp: true, cancellationToken);

        var inProcess = await RunEmbeddedAsync(workload, overHttp: false, cancellationToken);
        var http = await RunEmbeddedAsync(workload, overHttp: true, cancellationToken);
        var hardhat = await RunHardhatAsync(workload, cancellationToken);
        return
        [
            new(workloadName, "embedded ledger, in-process (SQLite WAL, interval mining)", inProcess, "tx/s"),
            new(workloadName, "embedded ledger, JSON-RPC over HTTP (SQLite WAL, interval mining)", http, "tx/s"),
            new(workloadName, "Hardhat 3 node, JSON-RPC over HTTP (automine, in memory)", hardhat, "tx/s"),
            new(workloadName, "ratio in-process / Hardhat", inProcess / hardhat, "x", "target ≥ 5"),
            new(workloadName, "ratio HTTP / Hardhat", http / hardhat, "x"),
        ];
    }

    private static async Task<double> RunEmbeddedAsync(LedgerBenchmarkWorkload workload, bool overHttp, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-ledger-bench-");
        try
        {
            var options = LedgerOptions.Development(Path.Combine(folder.FullName, "ledger.db"), MiningMode.Interval) with
            {
                BlockInterval = TimeSpan.FromMilliseconds(250),
            };
            await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: cancellationToken);
            var handler = new LedgerRpcHandler(ledger);
            await ledger.SendRawTransactionAsync(workload.Deploy, cancellationToken);
            await ledger.MineAsync(cancellationToken);
            if (!overHttp)
            {
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(workload.PerAccount.Select(txs => Task.Run(async () =>
                {
                    byte[]? last = null;
                    foreach (var raw in txs)
                    {
                        last = await ledger.SendRawTransactionAsync(raw, cancellationToken);
                    }

                    await ledger.WaitForReceiptAsync(last!, cancellationToken);
                }, cancellationToken)));
                clock.Stop();
                await VerifyAsync(new BenchRpc(handler), workload, cancellationToken);
                return workload.Total / clock.Elapsed.TotalSeconds;
            }

            await using var server = await LedgerHttpServer.StartAsync(handler, FreePort.Next(), cancellationToken);
            return await RunOverHttpAsync(server.Endpoint, workload, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<double> RunHardhatAsync(LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        await using var hardhat = await HardhatNode.StartAsync(cancellationToken);
        var rpc = new BenchRpc(hardhat.RpcUrl);
        await rpc.SendAndWaitAsync(workload.Deploy, cancellationToken);
        return await RunOverHttpAsync(hardhat.RpcUrl, workload, cancellationToken);
    }

    private static async Task<double> RunOverHttpAsync(Uri url, LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        var rpc = new BenchRpc(url);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(workload.PerAccount.Select(txs => Task.Run(async () =>
        {
            string? last = null;
            foreach (var raw in txs)
            {
                last = await rpc.SendRawAsync(raw, cancellationToken);
            }

            await rpc.WaitForReceiptAsync(last!, cancellationToken);
        }, cancellationToken)));
        clock.Stop();
        await VerifyAsync(rpc, workload, cancellationToken);

        return workload.Total / clock.Elapsed.TotalSeconds;
    }

    /// <summary>A run only counts if every anchor landed: the contract's counter must equal the workload size.</summary>
    private static async Task VerifyAsync(BenchRpc rpc, LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        var call = new JsonObject { ["to"] = workload.Contract, ["data"] = "0x06661abd" };
        var result = (await rpc.CallAsync("eth_call", new JsonArray(call, "latest"), cancellationToken))!.GetValue<string>();
        var count = long.Parse(result.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (count != workload.Total)
        {
            throw new InvalidOperationException($"only {count} of {workload.Total} anchors landed");
        }
    }
}
