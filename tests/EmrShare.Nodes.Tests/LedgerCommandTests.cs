using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary><c>emrshare ledger</c> as a real child process: answers JSON-RPC on loopback and keeps its chain across restarts.</summary>
public sealed class LedgerCommandTests
{
    [Fact]
    public async Task Ledger_StartedTwiceOnSameFolder_ServesJsonRpcAndKeepsChainId()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("emrshare-ledger-cmd-").FullName;
        try
        {
            for (var run = 0; run < 2; run++)
            {
                var port = FreePort.Next();
                await using var process = ManagedProcess.Start("dotnet",
                    [Path.Combine(AppContext.BaseDirectory, "emrshare.dll"), "ledger", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data, "--chain-id", "4242"]);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                var url = new Uri($"http://127.0.0.1:{port}/");
                string? chainId = null;
                await process.WaitUntilAsync(async token =>
                {
                    using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, token);
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                    chainId = body.GetProperty("result").GetString();
                    return true;
                }, TimeSpan.FromSeconds(60), ct);

                Assert.Equal("0x1092", chainId);
            }

            Assert.True(File.Exists(Path.Combine(data, "ledger.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Ledger_InvalidPort_ExitsWithErrorAndMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var process = ManagedProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "emrshare.dll"), "ledger", "--port", "70000"]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!process.HasExited)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Contains("--port", process.RecentOutput, StringComparison.Ordinal);
    }
}
