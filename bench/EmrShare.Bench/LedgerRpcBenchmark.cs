using System.Globalization;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Bench;

/// <summary>
/// Suite <c>ledger-rpc</c> (also part of <c>ledger</c>): the independent JSON-RPC driver (<see cref="RpcDriver"/>) against
/// <c>emrshare ledger</c> (persisted), Hardhat 3, Anvil and Ganache 7.9.2, in automine and interval mode, a fresh node
/// per run, contenders interleaved round by round and the median reported. Issue 19 target: the ledger at ≥ 2× Hardhat
/// and ≥ 2× Anvil in both modes. <c>EMRSHARE_BENCH_CONTENDERS=emrshare,hardhat</c> and <c>EMRSHARE_BENCH_MODES=Automine</c> limit the runs (profiling).
/// </summary>
public sealed class LedgerRpcBenchmark : IBenchmarkSuite
{
    private const int Senders = 8;
    private const int Total = 2000;

    public string Name => "ledger-rpc";

    public string Title => "Ledger over JSON-RPC: one driver, emrshare ledger vs Hardhat 3, Anvil, Ganache";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rounds = options.Quick ? 1 : 3;
        var contenders = Environment.GetEnvironmentVariable("EMRSHARE_BENCH_CONTENDERS") is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : RpcNode.Contenders;
        var modes = Environment.GetEnvironmentVariable("EMRSHARE_BENCH_MODES") is { Length: > 0 } modeList
            ? modeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Enum.Parse<RpcMiningMode>).ToArray()
            : Enum.GetValues<RpcMiningMode>();
        using var driver = new RpcDriver();
        var results = new Dictionary<(string, RpcMiningMode), List<RpcRunResult>>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes)
            {
                foreach (var contender in contenders)
                {
                    var result = await RunBoundedAsync(driver, contender, mode, $"r{round}-{mode}-{contender}", cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {contender} {mode}: {result.TransactionsPerSecond:F0} tx/s{(result.TimedOut ? " (upper bound: timed out)" : string.Empty)}, node {result.NodeCpuMsPerTransaction:F2} ms CPU/tx, driver {result.DriverCpuShare:P0} of a core"));
                    (results.TryGetValue((contender, mode), out var runs) ? runs : results[(contender, mode)] = []).Add(result);
                }
            }
        }

        var rows = new List<BenchmarkRow>();
        foreach (var mode in modes)
        {
            var workload = $"{Total} Records.anchorRecord over JSON-RPC, {Senders} senders, {(mode == RpcMiningMode.Automine ? "automine" : $"interval {RpcNode.IntervalMilliseconds} ms")}";
            double Median(string c) => results[(c, mode)].Select(r => r.TransactionsPerSecond).Order().ElementAt(rounds / 2);
            foreach (var contender in contenders)
            {
                var runs = results[(contender, mode)];
                var note = string.Create(CultureInfo.InvariantCulture,
                    $"median of {rounds}; runs: {string.Join(" / ", runs.Select(r => r.TransactionsPerSecond.ToString("F0", CultureInfo.InvariantCulture) + (r.TimedOut ? $" (did not finish in {RunTimeout.TotalSeconds:F0} s: upper bound)" : string.Empty)))}; node CPU {runs.Average(r => r.NodeCpuMsPerTransaction):F2} ms/tx; driver CPU {runs.Max(r => r.DriverCpuShare):P0} of a core");
                rows.Add(new BenchmarkRow(workload, Describe(contender), Median(contender), "tx/s", note));
            }

            if (contenders.Contains("emrshare"))
            {
                foreach (var reference in contenders.Where(c => c != "emrshare"))
                {
                    var bound = results[(reference, mode)].Any(r => r.TimedOut) ? $"lower bound: {reference} timed out" : null;
                    var target = reference is "hardhat" or "anvil" ? "target ≥ 2" : reference == "emrshare-baseline" ? "after / before" : null;
                    rows.Add(new BenchmarkRow(workload, $"ratio emrshare/{reference}", Median("emrshare") / Median(reference), "x", string.Join("; ", new[] { target, bound }.Where(n => n is not null))));
                }
            }
        }

        return rows;
    }

    /// <summary>A node that slows to a crawl (Anvil in automine grows to GBs) must not stall the suite: its run ends here.</summary>
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(4);

    private static async Task<RpcRunResult> RunBoundedAsync(RpcDriver driver, string contender, RpcMiningMode mode, string salt, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(RunTimeout);
        try
        {
            return await RunOnceAsync(driver, contender, mode, salt, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RpcRunResult(Total / RunTimeout.TotalSeconds, double.NaN, double.NaN, TimedOut: true);
        }
    }

    private static async Task<RpcRunResult> RunOnceAsync(RpcDriver driver, string contender, RpcMiningMode mode, string salt, CancellationToken cancellationToken)
    {
        await using var node = await RpcNode.StartAsync(contender, mode, cancellationToken);
        var records = await LedgerBenchmarkSetup.DeployRecordsAsync(new RpcClient(node.Url), Senders, cancellationToken);
        await node.StartIntervalAsync(cancellationToken);
        var workload = LedgerBenchmarkWorkload.Create(records, Total, Senders, salt);
        return await driver.RunAsync(node, workload, cancellationToken);
    }

    private static string Describe(string contender) => contender switch
    {
        "emrshare" => "emrshare ledger (own process, SQLite)",
        "emrshare-baseline" => "emrshare ledger, baseline build (EMRSHARE_BENCH_BASELINE)",
        "hardhat" => "Hardhat 3 node (in memory)",
        "anvil" => "Anvil 1.7.1 (in memory, --prune-history)",
        "ganache" => "Ganache 7.9.2 (in memory)",
        _ => contender,
    };
}
