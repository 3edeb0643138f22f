using System.Net;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Tests.Support;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Tests.Hosting;

/// <summary>
/// The phone wallet reads the chain through the Center's <c>/rpc</c> and uses its wallet routes (<c>/v1/network</c>,
/// <c>/v1/relay/*</c>). Browsers send <c>Origin</c> on every POST, same-origin included: the wallet served by the
/// Center itself and a listed wallet origin are answered; any other origin is refused by the ledger (403) and gets
/// no CORS header from the wallet routes.
/// </summary>
public sealed class CenterWalletCorsTests(EmbeddedLedgerFixture chain) : IClassFixture<EmbeddedLedgerFixture>, IDisposable
{
    private readonly List<IDisposable> _queues = [];

    private const string Wallet = "https://wallet.example.org";
    private const string Other = "https://evil.example.net";
    private const string ChainIdCall = """{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""";

    [Fact]
    public async Task Rpc_PostFromListedWalletOrigin_AnsweredWithCorsHeader()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var center = await StartCenterAsync(ct);
        using var http = new HttpClient { BaseAddress = center.BaseAddress };

        using var response = await PostAsync(http, "rpc", Wallet, ChainIdCall, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"result\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        Assert.Equal(Wallet, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Rpc_PostFromTheCentersOwnOrigin_Answered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var center = await StartCenterAsync(ct);
        using var http = new HttpClient { BaseAddress = center.BaseAddress };

        using var response = await PostAsync(http, "rpc", center.BaseAddress.GetLeftPart(UriPartial.Authority), ChainIdCall, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"result\"", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpc_PostFromAnotherOrigin_Refused403WithoutCorsHeader()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var center = await StartCenterAsync(ct);
        using var http = new HttpClient { BaseAddress = center.BaseAddress };

        using var response = await PostAsync(http, "rpc", Other, ChainIdCall, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WalletRoutes_ListedOriginGetsCorsHeaderOtherOriginNone()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var center = await StartCenterAsync(ct);
        using var http = new HttpClient { BaseAddress = center.BaseAddress };

        using var allowed = await GetAsync(http, "v1/network", Wallet, ct);
        using var other = await GetAsync(http, "v1/network", Other, ct);
        using var relayPreflight = await PreflightAsync(http, "v1/relay/grants", Wallet, ct);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Wallet, Header(allowed, "Access-Control-Allow-Origin"));
        Assert.Null(Header(other, "Access-Control-Allow-Origin"));
        Assert.Equal(Wallet, Header(relayPreflight, "Access-Control-Allow-Origin"));
    }

    private async Task<EmrShareWebApp> StartCenterAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-center-cors-").FullName;
        var center = await CenterService.DeployAsync(chain.Access, EmbeddedLedgerFixture.Keys[0], ct);
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        var enrolment = await EnrolmentQueue.OpenAsync(folder, center, new EnrolmentPolicy(2, 0.1m), TimeProvider.System, ct);
        _queues.Add(enrolment);
        var service = new ServiceOptions { Listen = [new Uri("http://127.0.0.1:0")], InsecureHttp = true, WalletOrigins = [Wallet] };
        var actor = new CenterActor(center, accounts, enrolment) { LedgerRpc = new LedgerRpcHandler(chain.Ledger) };
        return await EmrShareWebApp.StartAsync(actor, new WebAppOptions { Service = service }, ct);
    }

    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string route, string origin, string json, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return await http.SendAsync(request, ct);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string route, string origin, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(route, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return await http.SendAsync(request, ct);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient http, string route, string origin, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(route, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await http.SendAsync(request, ct);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
