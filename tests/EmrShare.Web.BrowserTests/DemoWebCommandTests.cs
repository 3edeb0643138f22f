using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EmrShare.TestSupport;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// The real <c>emrshare demo --web</c> executable: starts the four dashboards on the requested loopback ports with
/// the demo data, prints their URLs and working credentials, and is stopped by its process id.
/// </summary>
public sealed partial class DemoWebCommandTests
{
    [Fact]
    public async Task DemoWeb_PortBase_ServesFourDashboardsWithPrintedCredentialsAndStopsOnSigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        var portBase = FreePort.NextBlock(4); // Center, A, B and the wallet bind PORT … PORT+3
        var data = Path.Combine(Path.GetTempPath(), "emrshare-demoweb-" + Guid.NewGuid().ToString("N")[..8]);
        var cli = Path.Combine(AppContext.BaseDirectory, "emrshare.dll");
        await using var demo = ManagedProcess.Start("dotnet", [cli, "demo", "--web", "--port-base", portBase.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await demo.WaitUntilAsync(_ => Task.FromResult(demo.RecentOutput.Contains("Ctrl+C", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), ct);

        var output = demo.RecentOutput;
        var expected = new[] { ("Main (Blockchain Center)", "center"), ("Hospital A", "hospital"), ("Hospital B", "hospital"), ("Patient wallet", "patient") };
        for (var i = 0; i < expected.Length; i++)
        {
            var url = $"http://127.0.0.1:{portBase + i}/";
            Assert.Matches(Regex.Escape(expected[i].Item1) + @"\s+" + Regex.Escape(url), output);
            var health = await http.GetFromJsonAsync<HealthBody>(url + "health", ct);
            Assert.Equal(expected[i].Item2, health!.Actor);
        }

        // The printed Center password signs in; the demo record is already in the patient's index.
        var center = CenterCredentials().Match(output);
        Assert.True(center.Success, output);
        using var signIn = await http.PostAsJsonAsync($"http://127.0.0.1:{portBase}/api/session", new { username = center.Groups[1].Value, password = center.Groups[2].Value }, ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Matches(@"is\s+at\s+hospital\s+A\s+and\s+in\s+the\s+patient's\s+index", output);

        // SIGTERM (what `kill` and service managers send) shuts the whole network down cleanly.
        using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!demo.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        Assert.True(demo.HasExited, "emrshare demo --web did not stop on SIGTERM:\n" + demo.RecentOutput);
        Assert.Contains("stopping", demo.RecentOutput, StringComparison.Ordinal);
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a killed process may leave a file handle closing
        }
    }

    private sealed record HealthBody(string Status, string Actor);

    [GeneratedRegex(@"sign in:\s+user (\S+),\s+password\s+(\S+)")]
    private static partial Regex CenterCredentials();
}
