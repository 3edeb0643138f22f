using System.Globalization;
using System.Net;
using System.Text.Json;
using EmrShare.MultiHost.Tests.Harness;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14: a hospital host started before the Center registered it (the operator's order when the Center's admin
/// registers hospitals through the dashboard) keeps serving, says it is waiting for registration (a
/// <c>directory:</c> line and the <c>/readyz</c> check <c>directory</c>) instead of crashing, and publishes its URL
/// in the Center's signed directory by itself once the chain lists it.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class HospitalRegistrationWaitTests(ConsortiumFixture fixture)
{
    private static readonly IPAddress HospitalCAddress = IPAddress.Parse("127.0.0.6");

    [Fact]
    public async Task HospitalServe_StartedBeforeRegistration_WaitsThenPublishesOnceRegistered()
    {
        var ct = TestContext.Current.CancellationToken;
        var net = fixture.Net;
        var address = (await fixture.HospitalAsync("hospital-C", "init", "--name", "C", "--scrypt-n", Consortium.TestScryptN)).EnsureOk().Field("address");
        var port = FreePort.Next();
        var listen = new Uri($"https://{HospitalCAddress}:{port.ToString(CultureInfo.InvariantCulture)}/");
        var config = net.HospitalConfig("hospital-C", listen, net.Ca.IssueLeaf(HospitalCAddress, "hospital-C"), fixture.DeploymentFile, fixture.Rpc, peersFile: null, directory: fixture.Center.BaseUrl);
        var hospital = net.AddActor("hospital-C", HospitalCAddress, port, ["hospital", "serve", "--config", config], https: true, hasReadiness: false);
        try
        {
            // Unregistered: it starts, says why it is not ready, and the directory does not list it.
            await hospital.StartAsync(ct);
            Assert.Contains("directory: waiting for registration at the Center", hospital.Output, StringComparison.Ordinal);
            var waiting = await hospital.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, ct);
            Assert.Equal(("Unhealthy", "waiting for registration at the Center"), Check(waiting, "directory"));
            Assert.Equal("Healthy", Check(waiting, "chain").Status);
            Assert.Null(await DirectoryEndpointAsync(address, ct));
            Assert.True(hospital.IsRunning, hospital.ToString());

            // The Center's admin registers it: the host notices on its own and publishes its URL.
            (await fixture.CenterAsync("register-hospital", "--info", Path.Combine(net.Folder("hospital-C"), "hospital.json"))).EnsureOk();
            var ready = await hospital.WaitForReadinessAsync(HttpStatusCode.OK, ct);
            Assert.Equal("Healthy", Check(ready, "directory").Status);
            Assert.Equal(listen.ToString(), await DirectoryEndpointAsync(address, ct));
            Assert.Contains($"directory: published {listen} at the Center", hospital.Output, StringComparison.Ordinal);
            Assert.True(hospital.IsRunning, hospital.ToString());
        }
        finally
        {
            await hospital.StopAsync(ct);
        }
    }

    private async Task<string?> DirectoryEndpointAsync(string hospital, CancellationToken ct)
    {
        using var directory = JsonDocument.Parse(await fixture.Net.Https.GetStringAsync(new Uri(fixture.Center.BaseUrl, "v1/directory"), ct));
        return directory.RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => string.Equals(e.GetProperty("hospital").GetString(), hospital, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.GetProperty("endpoint").GetString())
            .SingleOrDefault();
    }

    /// <summary>One check of a <c>/readyz</c> body (<c>{"status":…,"checks":[{"name","status","description"}]}</c>).</summary>
    private static (string? Status, string? Description) Check(string readyz, string name)
    {
        using var doc = JsonDocument.Parse(readyz);
        var check = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        return (check.GetProperty("status").GetString(), check.GetProperty("description").GetString());
    }
}
