using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>Issue 18, item 4: <c>emrshare ledger</c> shows its development accounts; <c>demo --rpc</c> says which account to fund.</summary>
public sealed class LedgerUsabilityTests
{
    private static string Cli => Path.Combine(AppContext.BaseDirectory, "emrshare.dll");

    [Fact]
    public async Task Ledger_DevelopmentChain_PrintsFundedDevelopmentAccounts()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("emrshare-ledger-accounts-").FullName;
        try
        {
            var port = FreePort.Next();
            await using var process = ManagedProcess.Start("dotnet", [Cli, "ledger", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await process.WaitUntilAsync(async token =>
            {
                using var response = await http.PostAsJsonAsync(new Uri($"http://127.0.0.1:{port}/"), new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }, token);
                return (await response.Content.ReadFromJsonAsync<JsonElement>(token)).TryGetProperty("result", out _);
            }, TimeSpan.FromSeconds(60), ct);

            var output = string.Join('\n', process.Output);
            Assert.Contains("Account #0: 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (10000 ETH)", output, StringComparison.Ordinal);
            Assert.Contains("Private Key: " + LedgerOptions.DevPrivateKeys[9], output, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DemoRpc_ChainWithoutDevelopmentFunds_NamesTheAccountAndExitsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new LedgerOptions { SealerPrivateKey = Nethereum.Signer.EthECKey.GenerateKey().GetPrivateKey(), Accounts = [] };
        await using var ledger = await EmbeddedLedger.OpenAsync(options, cancellationToken: ct);
        await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger), FreePort.Next(), ct);
        var data = Directory.CreateTempSubdirectory("emrshare-demo-unfunded-").FullName;
        try
        {
            using var demo = Process.Start(new ProcessStartInfo("dotnet", [Cli, "demo", "--rpc", server.Endpoint.ToString(), "--data", data])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["COLUMNS"] = "400" },
            })!;
            var stdout = demo.StandardOutput.ReadToEndAsync(ct);
            var stderr = demo.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            await demo.WaitForExitAsync(timeout.Token);
            var output = (await stdout + await stderr).Replace("\n", " ", StringComparison.Ordinal);

            Assert.Equal(2, demo.ExitCode);
            Assert.Contains("development key #0", output, StringComparison.Ordinal);
            Assert.Contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", output, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("fund", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
