using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #7: <c>emrshare demo --web</c> runs the hosts a deployment runs. Its Center answers like
/// <c>center serve --config</c> (JSON-RPC at <c>/rpc</c>, <c>/readyz</c>, the signed directory where both hospitals
/// published their own URLs), and the config files it wrote are ones <c>center serve --config</c> accepts: after the
/// demo stops, the Center runs from the demo's file as its own process, with the same directory and the printed password.
/// </summary>
public sealed partial class DemoWebHostsTests
{
    [Fact]
    public async Task DemoWeb_Hosts_AreTheDeploymentHostsAndTheirConfigsServeOnTheirOwn()
    {
        var ct = TestContext.Current.CancellationToken;
        var portBase = FreePort.NextBlock(4); // Center, A, B and the wallet bind PORT … PORT+3
        var data = Path.Combine(Path.GetTempPath(), "emrshare-demohosts-" + Guid.NewGuid().ToString("N")[..8]);
        var center = new Uri($"http://127.0.0.1:{portBase.ToString(CultureInfo.InvariantCulture)}/");
        var environment = new Dictionary<string, string> { ["COLUMNS"] = "400" };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            string output;
            await using (var demo = ManagedProcess.Start("dotnet", [EmrshareCli.Dll, "demo", "--web", "--port-base", portBase.ToString(CultureInfo.InvariantCulture), "--data", data], environment: environment))
            {
                await demo.WaitUntilAsync(_ => Task.FromResult(demo.RecentOutput.Contains("Ctrl+C", StringComparison.Ordinal) || demo.HasExited), TimeSpan.FromSeconds(150), ct);
                output = demo.RecentOutput;
                Assert.False(demo.HasExited, output);

                // Each actor is its own host on its own port, ready as a deployment's is.
                for (var i = 0; i < 4; i++)
                {
                    Assert.Equal(HttpStatusCode.OK, await ReadyAsync(http, new Uri($"http://127.0.0.1:{(portBase + i).ToString(CultureInfo.InvariantCulture)}/readyz"), ct));
                }

                using var rpc = await http.PostAsync(new Uri(center, "rpc"), JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }), ct);
                Assert.Equal("0x7a69", JsonDocument.Parse(await rpc.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("result").GetString());
                await AssertDirectoryListsBothHospitalsAsync(http, center, data, portBase, ct);

                using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", demo.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync(ct);
                }

                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!demo.HasExited && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, ct);
                }

                Assert.True(demo.HasExited, "demo --web did not stop on SIGTERM:\n" + demo.RecentOutput);
            }

            // The demo's Center config is a deployment's: 'center serve --config' runs it, with what the demo made.
            var credentials = CenterCredentials().Match(output);
            Assert.True(credentials.Success, output);
            await using var served = ManagedProcess.Start("dotnet", [EmrshareCli.Dll, "center", "serve", "--config", Path.Combine(data, "center.json")], environment: environment);
            await served.WaitUntilAsync(_ => Task.FromResult(served.RecentOutput.Contains("ready:", StringComparison.Ordinal) || served.HasExited), TimeSpan.FromSeconds(90), ct);
            Assert.Contains($"listen: {center}", served.RecentOutput, StringComparison.Ordinal);
            await AssertDirectoryListsBothHospitalsAsync(http, center, data, portBase, ct);
            using var signIn = await http.PostAsJsonAsync(new Uri(center, "api/session/token"), new { username = credentials.Groups[1].Value, password = credentials.Groups[2].Value }, ct);
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a stopped process may still be closing a file
            }
        }
    }

    /// <summary>Each hospital published its own public URL (its port), under the address its <c>hospital init</c> made.</summary>
    private static async Task AssertDirectoryListsBothHospitalsAsync(HttpClient http, Uri center, string data, int portBase, CancellationToken ct)
    {
        using var directory = JsonDocument.Parse(await http.GetStringAsync(new Uri(center, "v1/directory"), ct));
        var entries = directory.RootElement.GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("hospital").GetString()!, e => e.GetProperty("endpoint").GetString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, offset) in new[] { ("A", 1), ("B", 2) })
        {
            using var info = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "hospital-" + name, "hospital.json"), ct));
            var address = info.RootElement.GetProperty("address").GetString()!;
            Assert.Equal($"http://127.0.0.1:{(portBase + offset).ToString(CultureInfo.InvariantCulture)}/", entries[address]);
        }
    }

    private static async Task<HttpStatusCode> ReadyAsync(HttpClient http, Uri readyz, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync(readyz, ct);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(250, ct);
        }
    }

    [GeneratedRegex(@"sign in:\s+user (\S+),\s+password\s+(\S+)")]
    private static partial Regex CenterCredentials();
}
