using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmrShare.TestSupport;

/// <summary>
/// Anvil (Foundry) or Ganache as a reference chain, from the npm packages pinned in package.json, on a free loopback
/// port with the standard development mnemonic (so the same ten keys as Hardhat are funded), chain id 31337, stopped
/// by process id. Anvil runs Prague rules (as the embedded ledger) and prunes history so long runs stay bounded.
/// </summary>
public sealed class ReferenceChainNode : IChainEndpoint
{
    private const string Mnemonic = "test test test test test test test test test test test junk";
    private readonly ManagedProcess _process;

    private ReferenceChainNode(ManagedProcess process, Uri rpcUrl)
    {
        _process = process;
        RpcUrl = rpcUrl;
    }

    public Uri RpcUrl { get; }

    public long ChainId => 31337;

    public IReadOnlyList<string> FundedPrivateKeys => HardhatNode.DevelopmentKeys;

    public int ProcessId => _process.Id;

    // extraArguments: more command-line options, e.g. --block-time 0.25 for interval mining.
    public static Task<ReferenceChainNode> StartAnvilAsync(CancellationToken cancellationToken, IEnumerable<string>? extraArguments = null)
    {
        var anvil = Path.Combine(RepoPaths.NodeModules, "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return StartAsync(anvil, ["--host", "127.0.0.1", "--port", port, "--chain-id", "31337", "--hardfork", "prague", "--prune-history", "--mnemonic", Mnemonic, .. extraArguments ?? []], port, cancellationToken);
    }

    // extraArguments: more command-line options, e.g. --miner.blockTime 0.25 for interval mining.
    public static Task<ReferenceChainNode> StartGanacheAsync(CancellationToken cancellationToken, IEnumerable<string>? extraArguments = null)
    {
        var cli = Path.Combine(RepoPaths.NodeModules, "ganache", "dist", "node", "cli.js");
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return StartAsync("node", [cli, "--server.host", "127.0.0.1", "--server.port", port, "--chain.chainId", "31337", "--wallet.mnemonic", Mnemonic, "--logging.quiet", .. extraArguments ?? []], port, cancellationToken, cli);
    }

    private static async Task<ReferenceChainNode> StartAsync(string program, string[] arguments, string port, CancellationToken cancellationToken, string? installed = null)
    {
        if (!File.Exists(installed ?? program))
        {
            throw new InvalidOperationException($"{installed ?? program} is not installed; run ./build.sh setup (npm ci)");
        }

        var process = ManagedProcess.Start(program, arguments);
        try
        {
            var url = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntilAsync(async ct =>
            {
                using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, ct);
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                return doc.RootElement.TryGetProperty("result", out _);
            }, TimeSpan.FromSeconds(60), cancellationToken);
            return new ReferenceChainNode(process, url);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

/// <summary>Class fixture running the contract suites against a fresh Anvil node.</summary>
public sealed class AnvilFixture : ChainEndpointFixture
{
    protected override async Task<IChainEndpoint> StartAsync(CancellationToken cancellationToken) =>
        await ReferenceChainNode.StartAnvilAsync(cancellationToken);
}
