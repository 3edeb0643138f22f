using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>What one client may cost the node (issue 15, finding 8): response size cap, rate limit, CORS off by default.</summary>
public sealed class RpcServerLimitsTests
{
    [Fact]
    public async Task Batch_ResponsesPastTheCap_AnsweredResponseTooLarge()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        for (var i = 0; i < 20; i++)
        {
            await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1 + i, probe, Probe.Anchor(Probe.Id(i), Probe.Id(100 + i)), 200_000));
        }

        var handler = new LedgerRpcHandler(harness.Ledger, limits: new RpcServerLimits { MaxResponseBytes = 16 * 1024 });
        var getLogs = """{"jsonrpc":"2.0","id":ID,"method":"eth_getLogs","params":[{"fromBlock":"0x0","toBlock":"latest"}]}""";
        var batch = "[" + string.Join(",", Enumerable.Range(1, 10).Select(i => getLogs.Replace("ID", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))) + "]";

        var response = (await handler.HandleAsync(batch, TestContext.Current.CancellationToken))!;
        var items = JsonNode.Parse(response)!.AsArray();

        Assert.True(Encoding.UTF8.GetByteCount(response) < 20 * 1024, $"response was {response.Length} bytes");
        Assert.NotNull(items[0]!["result"]);
        Assert.Equal(-32003, items[^1]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal(10, items[^1]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Single_ResponseAboveTheCap_AnsweredResponseTooLarge()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        var handler = new LedgerRpcHandler(harness.Ledger, limits: new RpcServerLimits { MaxResponseBytes = 256 });

        var response = JsonNode.Parse((await handler.HandleAsync($$"""{"jsonrpc":"2.0","id":7,"method":"eth_getCode","params":["{{probe}}","latest"]}""", TestContext.Current.CancellationToken))!)!;

        Assert.Equal(-32003, response["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Http_MoreRequestsThanTheRate_Answered429()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { RequestsPerSecond = 1, Burst = 3 });
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await http.PostAsync(server.Endpoint, Json("""{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}"""), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
                Assert.Equal(LedgerRpcEndpoints.RateLimitedCode, body["error"]!["code"]!.GetValue<int>());
            }
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Http_CrossOriginRequestWithCorsOff_Refused403()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        using var http = new HttpClient();

        using var post = await SendAsync(http, HttpMethod.Post, server.Endpoint, "http://evil.example");
        using var preflight = await SendAsync(http, HttpMethod.Options, server.Endpoint, "http://evil.example");
        using var sameProcess = await SendAsync(http, HttpMethod.Post, server.Endpoint, origin: null);

        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, preflight.StatusCode);
        Assert.False(post.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, sameProcess.StatusCode);
    }

    [Fact]
    public async Task Http_ConfiguredOrigin_AllowedWithCorsHeaders()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var limits = new RpcServerLimits { CorsOrigins = ["http://dapp.localhost:3000"] };
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, limits);
        using var http = new HttpClient();

        using var preflight = await SendAsync(http, HttpMethod.Options, server.Endpoint, "http://dapp.localhost:3000");
        using var post = await SendAsync(http, HttpMethod.Post, server.Endpoint, "http://dapp.localhost:3000");
        using var other = await SendAsync(http, HttpMethod.Post, server.Endpoint, "http://other.localhost:3000");

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("http://dapp.localhost:3000", post.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, Uri url, string? origin)
    {
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            request.Content = Json("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}""");
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
