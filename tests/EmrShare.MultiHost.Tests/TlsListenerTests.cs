using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using EmrShare.MultiHost.Tests.Harness;
using EmrShare.Nodes.Tests.Processes;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 Tests: a hospital started with TLS on its own address serves HTTPS with the certificate its config names
/// (a leaf of the consortium CA), with HSTS; a client that does not trust the consortium CA gets no answer. Plain
/// HTTP off loopback with the real hospital config is refused before the node is opened.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class TlsListenerTests(ConsortiumFixture fixture)
{
    [Fact]
    public async Task HospitalServe_HttpsOnOwnAddress_ServesConsortiumCertificateWithHsts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await fixture.Net.Https.GetAsync(new Uri(fixture.HospitalB.BaseUrl, "healthz"), ct);

        Assert.True(response.IsSuccessStatusCode, fixture.HospitalB.ToString());
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        Assert.Equal("127.0.0.4", fixture.HospitalB.BaseUrl.Host);
    }

    [Fact]
    public async Task HospitalServe_ClientWithoutConsortiumCa_HandshakeRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var untrusting = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri(fixture.HospitalB.BaseUrl, "healthz"), ct));

        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task HospitalServe_RealConfigOnPlainHttpEveryInterface_RefusedWithoutForce()
    {
        var ct = TestContext.Current.CancellationToken;
        var config = fixture.Net.PathOf("hospital-A-plain.json");
        var json = (await File.ReadAllTextAsync(fixture.Net.PathOf("hospital-A.json"), ct))
            .Replace(fixture.HospitalA.BaseUrl.ToString(), "http://0.0.0.0:8080/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, json, ct);

        var result = await fixture.Net.RunAsync(["hospital", "serve", "--config", config, "--insecure-http"], ct);

        ServeConfigErrors.AssertOneLine(result, "config Host:ForceInsecureHttp: plain HTTP on non-loopback address 0.0.0.0 is refused");
        Assert.True(fixture.HospitalA.IsRunning, fixture.HospitalA.ToString());
    }

    [Fact]
    public async Task HospitalServe_PortInUseOnItsAddress_ExitsUsageNamingListen()
    {
        var ct = TestContext.Current.CancellationToken;
        (await fixture.HospitalAsync("hospital-idle", "init", "--name", "Idle", "--scrypt-n", Consortium.TestScryptN)).EnsureOk();
        using var occupant = new TcpListener(Consortium.HospitalBAddress, 0);
        occupant.Start();
        var busy = new Uri($"https://{Consortium.HospitalBAddress}:{((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}/");
        var leaf = fixture.Net.Ca.IssueLeaf(Consortium.HospitalBAddress, "hospital-idle");
        var config = fixture.Net.HospitalConfig("hospital-idle", busy, leaf, fixture.DeploymentFile, fixture.Rpc, peersFile: null);

        var result = await fixture.Net.RunAsync(["hospital", "serve", "--config", config], ct);

        ServeConfigErrors.AssertOneLine(result, "config Host:Listen: cannot listen");
    }
}
