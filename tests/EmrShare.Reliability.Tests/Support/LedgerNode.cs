using System.Globalization;
using System.Net.Http.Json;
using EmrShare.Nodes.Chain;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>The emrshare-ledger executable as a restartable child process: kill -9 it and start it again on the same chain.</summary>
internal sealed class LedgerNode(string dataDirectory) : RestartableNode(dataDirectory)
{
    public Uri RpcUrl => LoopbackUrl;

    /// <summary>How actors reach this ledger: JSON-RPC over HTTP, dev chain id 31337.</summary>
    public ChainAccess Access => ChainAccess.ForRpc(RpcUrl, 31337);

    protected override ManagedProcess Launch() =>
        ManagedProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "emrshare-ledger.dll"), "--port", Port.ToString(CultureInfo.InvariantCulture), "--data", DataDirectory, "--interval-ms", "0"]);

    protected override async Task WaitUntilServingAsync(ManagedProcess process, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await process.WaitUntilAsync(async token =>
        {
            using var response = await http.PostAsJsonAsync(RpcUrl, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, token);
            return response.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(60), ct);
    }
}
