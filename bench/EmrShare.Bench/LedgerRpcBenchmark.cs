using System.Globalization;
using Nethereum.JsonRpc.Client;

namespace EmrShare.Bench;

/// <summary>
/// Suite <c>ledger-rpc</c> (also part of <c>ledger</c>): the independent JSON-RPC driver (<see cref="RpcDriver"/>) against
/// <c>emrshare ledger</c> (persisted), Hardhat 3, Anvil and Ganache 7.9.2, in automine and interval mode, a fresh node
/// per run, contenders interleaved round by round and the median reported. Issue 19 target: the ledger at ≥ 2× Hardhat
/// and ≥ 2× Anvil in both modes. <c>EMRSHARE_BENCH_CONTENDERS=emrshare,hardhat</c> limits the contenders (profiling).
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
        using var driver = new RpcDriver();
        var results = new Dictionary<(string, RpcMiningMode), List<RpcRunResult>>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in Enum.GetValues<RpcMiningMode>())
            {
                foreach (var contender in contenders)
                {
                    var result = await RunOnceAsync(driver, contender, mode, $"r{round}-{mode}-{contender}", cancellationToken);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {contender} {mode}: {result.TransactionsPerSecond:F0} tx/s, node {result.NodeCpuMsPerTransaction:F2} ms CPU/tx, driver {result.DriverCpuShare:P0} of a core"));
                    (results.TryGetValue((contender, mode), out var runs) ? runs : results[(contender, mode)] = []).Add(result);
                }
            }
        }

        var rows = new List<BenchmarkRow>();
        foreach (var mode in Enum.GetValues<RpcMiningMode>())
        {
            var workload = $"{Total} Records.anchorRecord over JSON-RPC, {Senders} senders, {(mode == RpcMiningMode.Automine ? "automine" : $"interval {RpcNode.IntervalMilliseconds} ms")}";
            double Median(string c) => results[(c, mode)].Select(r => r.TransactionsPerSecond).Order().ElementAt(rounds / 2);
            foreach (var contender in contenders)
            {
                var runs = results[(contender, mode)];
                var note = string.Create(CultureInfo.InvariantCulture,
                    $"median of {rounds}; runs: {string.Join(" / ", runs.Select(r => r.TransactionsPerSecond.ToString("F0", CultureInfo.InvariantCulture)))}; node CPU {runs.Average(r => r.NodeCpuMsPerTransaction):F2} ms/tx; driver CPU {runs.Max(r => r.DriverCpuShare):P0} of a core");
                rows.Add(new BenchmarkRow(workload, Describe(contender), Median(contender), "tx/s", note));
            }

            if (contenders.Contains("emrshare"))
            {
                foreach (var reference in contenders.Where(c => c != "emrshare"))
                {
                    rows.Add(new BenchmarkRow(workload, $"ratio emrshare/{reference}", Median("emrshare") / Median(reference), "x", reference is "hardhat" or "anvil" ? "target ≥ 2" : null));
                }
            }
        }

        return rows;
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
        "hardhat" => "Hardhat 3 node (in memory)",
        "anvil" => "Anvil 1.7.1 (in memory, --prune-history)",
        "ganache" => "Ganache 7.9.2 (in memory)",
        _ => contender,
    };
}
