using System.Net;
using EmrShare.Nodes.Transport;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Hosting;

/// <summary>
/// Issue 17: the wallet PWA calls a hospital's visit routes cross-origin. Only the exact origins in
/// <c>Cors:WalletOrigins</c> get CORS headers, only on the visit routes; every other origin, route and host gets none;
/// a wildcard or a plain-http non-loopback origin stops the service at config load.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WalletCorsTests(WebNetwork web)
{
    private const string Wallet = "https://wallet.example.org";
    private const string Other = "https://evil.example.net";

    [Fact]
    public async Task Preflight_AllowedOriginOnVisitRoute_GetsCorsHeaders()
    {
        await using var app = await StartHospitalAsync([Wallet]);
        using var response = await PreflightAsync(app, PeerRoutes.VisitBegin, Wallet);

        Assert.Equal(Wallet, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Null(Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_OtherOrigin_GetsNoCorsHeaders()
    {
        await using var app = await StartHospitalAsync([Wallet]);
        using var response = await PreflightAsync(app, PeerRoutes.VisitBegin, Other);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.Null(Header(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Post_AllowedAndOtherOrigin_OnlyAllowedGetsHeaderAndOtherIsRefusedAsToday()
    {
        await using var app = await StartHospitalAsync([Wallet]);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        using var allowed = await PostAsync(http, PeerRoutes.VisitBegin, Wallet, ct);
        using var other = await PostAsync(http, PeerRoutes.VisitBegin, Other, ct);

        Assert.Equal(Wallet, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode); // the protocol's own edge check, as without CORS
    }

    [Theory]
    [InlineData(PeerRoutes.FulfilmentCollect)] // hospital to hospital only
    [InlineData("api/patients")] // staff API (cookie or bearer)
    [InlineData("store/api/v0/cat")] // the blob store refuses browsers outright
    public async Task Preflight_AllowedOriginOnNonWalletRoute_GetsNoCorsHeaders(string route)
    {
        await using var app = await StartHospitalAsync([Wallet]);
        using var response = await PreflightAsync(app, route, Wallet);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_NoOriginsConfigured_GetsNoCorsHeaders()
    {
        using var response = await PreflightAsync(web.HospitalA, PeerRoutes.VisitBegin, Wallet);

        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://*.example.org")]
    [InlineData("http://192.0.2.10:8080")]
    [InlineData("https://wallet.example.org/app")]
    [InlineData("wallet.example.org")]
    public void ParseOrigin_WildcardOrNotAnHttpsOrigin_RefusedNamingTheKey(string origin)
    {
        var error = Assert.Throws<ServiceConfigurationException>(() => WalletCors.ParseOrigin(WalletCors.ConfigKey, origin));

        Assert.Equal(WalletCors.ConfigKey, error.Key);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_WildcardInServiceConfig_StopsAtLoadNamingTheKey()
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-cors-config-").FullName;
        var path = Path.Combine(folder, "hospital.json");
        File.WriteAllText(path, """{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Cors": { "WalletOrigins": ["https://wallet.example.org", "*"] } }""");

        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceOptionsReader.Read(ServiceConfiguration.Load(path)));

        Assert.Equal(WalletCors.ConfigKey, error.Key);
        Assert.Contains("wildcard", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Read_OriginsInServiceConfig_ReadInBrowserForm()
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-cors-config-").FullName;
        var path = Path.Combine(folder, "hospital.json");
        File.WriteAllText(path, """{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Cors": { "WalletOrigins": "https://Wallet.Example.org/, http://127.0.0.1:5080" } }""");

        var options = ServiceOptionsReader.Read(ServiceConfiguration.Load(path));

        Assert.Equal(["https://wallet.example.org", "http://127.0.0.1:5080"], options.WalletOrigins);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("https://wallet.example.org/", "https://wallet.example.org")]
    [InlineData("https://Wallet.Example.org:8443", "https://wallet.example.org:8443")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080", "http://localhost:5080")]
    public void ParseOrigin_ExactOrigin_AcceptedInBrowserForm(string origin, string expected) =>
        Assert.Equal(expected, WalletCors.ParseOrigin(WalletCors.ConfigKey, origin));

    private async Task<EmrShareWebApp> StartHospitalAsync(IReadOnlyList<string> origins)
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-cors-").FullName;
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), TestContext.Current.CancellationToken);
        var service = new ServiceOptions { Listen = [new Uri("http://127.0.0.1:0")], InsecureHttp = true, WalletOrigins = origins };
        return await EmrShareWebApp.StartAsync(new HospitalActor(web.Nodes.A, accounts), new WebAppOptions { Service = service }, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(EmrShareWebApp app, string route, string origin)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(route, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string route, string origin, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative))
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return await http.SendAsync(request, ct);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
