using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.TestSupport;

namespace EmrShare.Bench;

/// <summary>How a node under the JSON-RPC driver produces blocks.</summary>
internal enum RpcMiningMode
{
    /// <summary>One block per transaction, sealed before eth_sendRawTransaction answers.</summary>
    Automine,

    /// <summary>A block every <see cref="RpcNode.IntervalMilliseconds"/>; the run ends when the last receipt appears.</summary>
    Interval,
}

/// <summary>
/// One freshly started JSON-RPC node for the independent driver: <c>emrshare ledger</c> (persisted in SQLite, its own
/// process, as operators run it), Hardhat 3, Anvil or Ganache 7.9.2 — each in its own process on a free loopback port,
/// stopped by process id. Hardhat switches to interval mode over RPC after the contracts are deployed; the others start in
/// it (Anvil's RPC takes whole seconds only).
/// </summary>
internal sealed class RpcNode : IAsyncDisposable
{
    public const int IntervalMilliseconds = 250;
    private readonly IAsyncDisposable _owner;
    private readonly Func<CancellationToken, Task> _startInterval;
    private readonly DirectoryInfo? _data;

    private RpcNode(string name, Uri url, int processId, IAsyncDisposable owner, Func<CancellationToken, Task> startInterval, DirectoryInfo? data = null)
    {
        Name = name;
        Url = url;
        ProcessId = processId;
        _owner = owner;
        _startInterval = startInterval;
        _data = data;
    }

    public static IReadOnlyList<string> Contenders { get; } = ["emrshare", "hardhat", "anvil", "ganache"];

    public string Name { get; }

    public Uri Url { get; }

    public int ProcessId { get; }

    public static async Task<RpcNode> StartAsync(string name, RpcMiningMode mode, CancellationToken cancellationToken)
    {
        var interval = mode == RpcMiningMode.Interval;
        switch (name)
        {
            case "emrshare":
                return await StartLedgerAsync(name, Path.Combine(AppContext.BaseDirectory, "emrshare.dll"), interval, cancellationToken);
            case "emrshare-baseline":
                // Another build's emrshare.dll (EMRSHARE_BENCH_BASELINE), for before/after ratios from one run.
                var baseline = Environment.GetEnvironmentVariable("EMRSHARE_BENCH_BASELINE") ?? throw new InvalidOperationException("set EMRSHARE_BENCH_BASELINE to an emrshare.dll");
                return await StartLedgerAsync(name, baseline, interval, cancellationToken);
            case "hardhat":
                var hardhat = await HardhatNode.StartAsync(cancellationToken);
                return new RpcNode(name, hardhat.RpcUrl, hardhat.ProcessId, hardhat, ct => interval ? SwitchToIntervalAsync(hardhat.RpcUrl, ct) : Task.CompletedTask);
            case "anvil":
                // Over RPC Anvil takes whole seconds for the interval, so it starts in interval mode instead.
                var anvil = await ReferenceChainNode.StartAnvilAsync(cancellationToken, interval ? ["--block-time", Seconds] : null);
                return new RpcNode(name, anvil.RpcUrl, anvil.ProcessId, anvil, _ => Task.CompletedTask);
            case "ganache":
                var ganache = await ReferenceChainNode.StartGanacheAsync(cancellationToken, interval ? ["--miner.blockTime", Seconds] : null);
                return new RpcNode(name, ganache.RpcUrl, ganache.ProcessId, ganache, _ => Task.CompletedTask);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown contender");
        }
    }

    /// <summary>Switches to interval mining after deployment (no-op where the node was started in it).</summary>
    public Task StartIntervalAsync(CancellationToken cancellationToken) => _startInterval(cancellationToken);

    /// <summary>User + system CPU time of the node process so far (from /proc, Linux).</summary>
    public TimeSpan ProcessCpu() => ProcessCpuTime.Of(ProcessId);

    public async ValueTask DisposeAsync()
    {
        await _owner.DisposeAsync();
        _data?.Delete(recursive: true);
    }

    private static async Task<RpcNode> StartLedgerAsync(string name, string dll, bool interval, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("emrshare-rpc-bench-");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        // --rpc-rate 0: the per-client rate limit (1,000/s by default) protects a served node from one noisy
        // client; the driver is that one client on purpose. Every other setting is the operator default.
        var process = ManagedProcess.Start(
            "dotnet",
            [dll, "ledger", "--port", port, "--data", data.FullName, "--rpc-rate", "0",
                "--interval-ms", interval ? IntervalMilliseconds.ToString(CultureInfo.InvariantCulture) : "0"]);
        var url = new Uri($"http://127.0.0.1:{port}/");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntilAsync(
                async ct =>
                {
                    using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, ct);
                    using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    return doc.RootElement.TryGetProperty("result", out _);
                },
                TimeSpan.FromSeconds(60),
                cancellationToken);
        }
        catch
        {
            await process.DisposeAsync();
            data.Delete(recursive: true);
            throw;
        }

        return new RpcNode(name, url, process.Id, process, _ => Task.CompletedTask, data);
    }

    private static string Seconds => (IntervalMilliseconds / 1000.0).ToString(CultureInfo.InvariantCulture);

    /// <summary>Hardhat: evm_setAutomine(false), then evm_setIntervalMining(ms).</summary>
    private static async Task SwitchToIntervalAsync(Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await CallAsync(http, url, "evm_setAutomine", [false], cancellationToken);
        await CallAsync(http, url, "evm_setIntervalMining", [IntervalMilliseconds], cancellationToken);
    }

    private static async Task CallAsync(HttpClient http, Uri url, string method, object[] parameters, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = parameters }, cancellationToken);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        if (doc.RootElement.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"{method}: {error.GetRawText()}");
        }
    }
}
