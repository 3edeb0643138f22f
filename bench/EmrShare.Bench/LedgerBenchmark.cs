using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Bench;

/// <summary>
/// Record-anchoring throughput: the same kind of pre-signed <c>Records.anchorRecord</c> transactions from
/// eight registered hospitals against the embedded ledger — persisted in SQLite with interval mining,
/// submitted in process and over HTTP — and against a Hardhat node, side by side. Each submission style is run
/// one transaction per call and in batches (<see cref="BatchSize"/> per call / JSON-RPC batch) on both chains.
/// Rounds interleave the contenders (the machine is shared and noisy) and the median of the rounds is reported.
/// Time runs from the first submission until the last receipt is available; a run only counts if every
/// transaction succeeded.
/// </summary>
public sealed class LedgerBenchmark : IBenchmarkSuite
{
    private const int Hospitals = 8;
    private const int Rounds = 3;
    internal const int BatchSize = 50;

    public string Name => "ledger";

    public string Title => "Embedded ledger vs Hardhat: record anchoring throughput";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = options.Quick ? 800 : 5000;
        var name = $"{total} Records.anchorRecord, {Hospitals} hospitals";

        // JIT warm-up of the .NET code paths (a one-off process cost, not a property of the chain).
        foreach (var style in Enum.GetValues<SubmitStyle>())
        {
            await RunEmbeddedAsync(400, style, cancellationToken);
        }

        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string key, double value) => (samples.TryGetValue(key, out var list) ? list : samples[key] = []).Add(value);
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var style in Enum.GetValues<SubmitStyle>())
            {
                Add(style.ToString(), await RunEmbeddedAsync(total, style, cancellationToken));
            }

            var (single, batched) = await RunHardhatAsync(total, cancellationToken);
            Add("hardhat", single);
            Add("hardhat-batch", batched);
        }

        double Median(string key) => samples[key].Order().ElementAt(Rounds / 2);
        string Spread(string key) => $"median of {Rounds}; runs: {string.Join(" / ", samples[key].Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}";
        var hardhat = Median("hardhat");
        var hardhatBatch = Median("hardhat-batch");
        var inProcess = Median(nameof(SubmitStyle.InProcess));
        var inProcessBatch = Median(nameof(SubmitStyle.InProcessBatch));
        var http = Median(nameof(SubmitStyle.Http));
        var httpBatch = Median(nameof(SubmitStyle.HttpBatch));
        return
        [
            new(name, "embedded ledger, in-process, one tx per call (SQLite WAL, interval mining)", inProcess, "tx/s", Spread(nameof(SubmitStyle.InProcess))),
            new(name, $"embedded ledger, in-process, SendRawTransactionsAsync × {BatchSize}", inProcessBatch, "tx/s", Spread(nameof(SubmitStyle.InProcessBatch))),
            new(name, "embedded ledger, JSON-RPC over HTTP, one tx per request", http, "tx/s", Spread(nameof(SubmitStyle.Http))),
            new(name, $"embedded ledger, JSON-RPC over HTTP, batch requests × {BatchSize}", httpBatch, "tx/s", Spread(nameof(SubmitStyle.HttpBatch))),
            new(name, "Hardhat 3 node, JSON-RPC over HTTP, one tx per request (automine, in memory)", hardhat, "tx/s", Spread("hardhat")),
            new(name, $"Hardhat 3 node, JSON-RPC over HTTP, batch requests × {BatchSize}", hardhatBatch, "tx/s", Spread("hardhat-batch")),
            new(name, "ratio in-process / Hardhat (one tx per call)", inProcess / hardhat, "x", "target ≥ 5"),
            new(name, "ratio in-process batched / Hardhat batched", inProcessBatch / hardhatBatch, "x", "target ≥ 5"),
            new(name, "ratio HTTP / Hardhat (one tx per request)", http / hardhat, "x"),
            new(name, "ratio HTTP batched / Hardhat batched", httpBatch / hardhatBatch, "x"),
        ];
    }

    private static async Task<double> RunEmbeddedAsync(int total, SubmitStyle style, CancellationToken cancellationToken)
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
            var workload = LedgerBenchmarkWorkload.Create(records, total, Hospitals, style.ToString());
            switch (style)
            {
                case SubmitStyle.InProcess or SubmitStyle.InProcessBatch:
                    return await LedgerBenchRuns.InProcessAsync(ledger, new BenchRpc(handler), workload, style == SubmitStyle.InProcessBatch, cancellationToken);
                default:
                    await using (var server = await LedgerHttpServer.StartAsync(handler, FreePort.Next(), cancellationToken))
                    {
                        return await LedgerBenchRuns.OverHttpAsync(server.Endpoint, workload, style == SubmitStyle.HttpBatch, cancellationToken);
                    }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>One Hardhat node per round: one-per-request first, then batched with the following nonces.</summary>
    private static async Task<(double Single, double Batched)> RunHardhatAsync(int total, CancellationToken cancellationToken)
    {
        await using var hardhat = await HardhatNode.StartAsync(cancellationToken);
        var client = new RpcClient(hardhat.RpcUrl);
        var records = await LedgerBenchmarkSetup.DeployRecordsAsync(client, Hospitals, cancellationToken);
        var single = await LedgerBenchRuns.OverHttpAsync(hardhat.RpcUrl, LedgerBenchmarkWorkload.Create(records, total, Hospitals, "hardhat"), batched: false, cancellationToken);
        var batched = await LedgerBenchRuns.OverHttpAsync(hardhat.RpcUrl, LedgerBenchmarkWorkload.Create(records, total, Hospitals, "hardhat-batch", firstNonce: total / Hospitals), batched: true, cancellationToken);
        return (single, batched);
    }

    private enum SubmitStyle
    {
        InProcess,
        InProcessBatch,
        Http,
        HttpBatch,
    }
}
