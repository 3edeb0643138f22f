using System.Diagnostics;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Bench;

/// <summary>
/// Record-anchoring throughput: the same kind of pre-signed <c>Records.anchorRecord</c> transactions from
/// eight registered hospitals against the embedded ledger — persisted in SQLite with interval mining,
/// submitted in process and over HTTP — and against a Hardhat node, side by side. Time runs from the first
/// submission until the last receipt is available; a run only counts if every transaction succeeded.
/// </summary>
public sealed class LedgerBenchmark : IBenchmarkSuite
{
    private const int Hospitals = 8;

    public string Name => "ledger";

    public string Title => "Embedded ledger vs Hardhat: record anchoring throughput";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = options.Quick ? 800 : 5000;
        var name = $"{total} Records.anchorRecord, {Hospitals} hospitals";

        // JIT warm-up of the .NET code paths (a one-off process cost, not a property of the chain).
        await RunEmbeddedAsync(400, overHttp: false, cancellationToken);
        await RunEmbeddedAsync(400, overHttp: true, cancellationToken);

        var inProcess = await RunEmbeddedAsync(total, overHttp: false, cancellationToken);
        var http = await RunEmbeddedAsync(total, overHttp: true, cancellationToken);
        var hardhat = await RunHardhatAsync(total, cancellationToken);
        return
        [
            new(name, "embedded ledger, in-process (SQLite WAL, interval mining)", inProcess, "tx/s"),
            new(name, "embedded ledger, JSON-RPC over HTTP (SQLite WAL, interval mining)", http, "tx/s"),
            new(name, "Hardhat 3 node, JSON-RPC over HTTP (automine, in memory)", hardhat, "tx/s"),
            new(name, "ratio in-process / Hardhat", inProcess / hardhat, "x", "target ≥ 5"),
            new(name, "ratio HTTP / Hardhat", http / hardhat, "x"),
        ];
    }

    private static async Task<double> RunEmbeddedAsync(int total, bool overHttp, CancellationToken cancellationToken)
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
            var records = await LedgerBenchmarkSetup.DeployRecordsAsync(new InProcessRpcClient(handler), Hospitals, cancellationToken);
            var workload = LedgerBenchmarkWorkload.Create(records, total, Hospitals, overHttp ? "http" : "inproc");
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

    private static async Task<double> RunHardhatAsync(int total, CancellationToken cancellationToken)
    {
        await using var hardhat = await HardhatNode.StartAsync(cancellationToken);
        var client = new RpcClient(hardhat.RpcUrl);
        var records = await LedgerBenchmarkSetup.DeployRecordsAsync(client, Hospitals, cancellationToken);
        return await RunOverHttpAsync(hardhat.RpcUrl, LedgerBenchmarkWorkload.Create(records, total, Hospitals, "hardhat"), cancellationToken);
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
