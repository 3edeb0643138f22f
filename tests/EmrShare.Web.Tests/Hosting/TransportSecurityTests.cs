using System.Net;
using EmrShare.ServiceDefaults;
using EmrShare.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Web.Tests.Hosting;

/// <summary>
/// Issue 14 #4 / issue 15 #7: HTTPS from PEM files made by a test CA; peers verify against the consortium CA bundle
/// only (a certificate from another CA is refused); HSTS is sent and cookies are Secure under HTTPS.
/// </summary>
public sealed class TransportSecurityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emrshare-tls-").FullName;

    [Fact]
    public async Task PeerCall_CertificateFromConsortiumCa_AcceptedWithHstsAndSecureCookie()
    {
        using var ca = new TestCertificateAuthority(Path.Combine(_folder, "ca"));
        await using var app = await StartAsync(ca.IssueLeaf(IPAddress.Loopback));
        using var handler = PeerTrust.CreateHandler(ca.CaCertificatePath);
        using var http = new HttpClient(handler);

        using var response = await http.GetAsync(new Uri(Address(app), "cookie"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PeerCall_CertificateFromAnotherCa_Refused()
    {
        using var consortium = new TestCertificateAuthority(Path.Combine(_folder, "consortium"));
        using var stranger = new TestCertificateAuthority(Path.Combine(_folder, "stranger"), "Some Other CA");
        await using var app = await StartAsync(stranger.IssueLeaf(IPAddress.Loopback));
        using var handler = PeerTrust.CreateHandler(consortium.CaCertificatePath);
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(Address(app), "healthz"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PeerCall_CertificateForAnotherAddress_Refused()
    {
        using var ca = new TestCertificateAuthority(Path.Combine(_folder, "ca"));
        await using var app = await StartAsync(ca.IssueLeaf(IPAddress.Parse("127.0.0.9"), dnsName: "elsewhere.example"));
        using var handler = PeerTrust.CreateHandler(ca.CaCertificatePath);
        using var http = new HttpClient(handler);

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(Address(app), "healthz"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Metrics_AfterRequests_ReportRouteTemplatesNotPaths()
    {
        using var ca = new TestCertificateAuthority(Path.Combine(_folder, "ca"));
        await using var app = await StartAsync(ca.IssueLeaf(IPAddress.Loopback));
        using var handler = PeerTrust.CreateHandler(ca.CaCertificatePath);
        using var http = new HttpClient(handler);
        var ct = TestContext.Current.CancellationToken;

        (await http.GetAsync(new Uri(Address(app), "records/0xsecret-record-id"), ct)).Dispose();
        var metrics = await http.GetStringAsync(new Uri(Address(app), "metrics"), ct);

        Assert.Contains("route=\"/records/{id}\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-record-id", metrics, StringComparison.Ordinal);
        Assert.Contains("emrshare_http_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Uri Address(WebApplication app) => app.BoundAddresses()[0];

    private async Task<WebApplication> StartAsync(LeafCertificate leaf)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDefaults(new ServiceOptions
        {
            Listen = [new Uri("https://127.0.0.1:0")],
            CertificatePath = leaf.CertificatePath,
            KeyPath = leaf.KeyPath,
            DataFolder = Path.Combine(_folder, "data"),
        });
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapServiceDefaults();
        app.MapGet("/cookie", (HttpContext context) =>
        {
            context.Response.Cookies.Append("probe", "1");
            return "ok";
        });
        app.MapGet("/records/{id}", (string id) => Results.NotFound());
        await app.StartServiceAsync(TestContext.Current.CancellationToken);
        return app;
    }
}
