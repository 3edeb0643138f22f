using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmrShare.TestSupport;

/// <summary>
/// A real Hardhat 3 node (npm, run on the pinned Node 22) on a free loopback port, started for a test and
/// stopped by process id. Chain id 31337, Prague rules, the 20 standard development accounts funded.
/// </summary>
public sealed class HardhatNode : IChainEndpoint
{
    // The well-known Hardhat development keys (mnemonic "test test ... junk"); public test keys, never real funds.
    // A Chain.Tests test checks them against eth_accounts, so a changed default fails loudly, not silently.
    internal static readonly string[] DevelopmentKeys =
    [
        "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
        "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
        "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
        "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
        "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
        "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
        "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
        "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
        "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
        "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
    ];

    private readonly ManagedProcess _process;

    private HardhatNode(ManagedProcess process, Uri rpcUrl, IReadOnlyList<string> accounts)
    {
        _process = process;
        RpcUrl = rpcUrl;
        Accounts = accounts;
    }

    public Uri RpcUrl { get; }

    public long ChainId => 31337;

    public IReadOnlyList<string> FundedPrivateKeys => DevelopmentKeys;

    /// <summary>Addresses the node reports in eth_accounts (lower-case), in key order.</summary>
    public IReadOnlyList<string> Accounts { get; }

    public int ProcessId => _process.Id;

    public static async Task<HardhatNode> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var cli = Path.Combine(RepoPaths.NodeModules, "hardhat", "dist", "src", "cli.js");
        var config = Path.Combine(RepoPaths.Root, "tools", "hardhat", "hardhat.config.mjs");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException("hardhat is not installed; run ./build.sh setup (npm ci)");
        }

        var process = ManagedProcess.Start(
            RepoPaths.Node22,
            [cli, "node", "--config", config, "--hostname", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["HARDHAT_DISABLE_TELEMETRY_PROMPT"] = "true", ["DO_NOT_TRACK"] = "1" });
        try
        {
            var url = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntilAsync(async ct => await CallAsync(http, url, "eth_chainId", ct) is { ValueKind: JsonValueKind.String }, TimeSpan.FromSeconds(60), cancellationToken);
            var accounts = await CallAsync(http, url, "eth_accounts", cancellationToken);
            var addresses = accounts.EnumerateArray().Select(a => a.GetString()!.ToLowerInvariant()).ToList();
            return new HardhatNode(process, url, addresses);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri url, string method, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = Array.Empty<object>() }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return doc.RootElement.GetProperty("result").Clone();
    }
}

/// <summary>Class fixture running the contract suites against a fresh Hardhat node.</summary>
public sealed class HardhatFixture : ChainEndpointFixture
{
    protected override async Task<IChainEndpoint> StartAsync(CancellationToken cancellationToken) =>
        await HardhatNode.StartAsync(cancellationToken);
}
