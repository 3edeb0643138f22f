using System.Net;
using System.Text;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>Issue 15 #15: the peer endpoint checks each body at the edge; malformed or incomplete messages are 400, never 500.</summary>
public sealed class PeerEdgeValidationTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { PeerRoutes.VisitBegin, "{}" },
        { PeerRoutes.VisitFinish, "{}" },
        { PeerRoutes.VisitFinish, """{"finish":null,"hello":null}""" },
        { PeerRoutes.VisitDeliveries, """{"sessionId":"0x00"}""" },
        { PeerRoutes.VisitDeliveries, "{}" },
        { PeerRoutes.VisitGrant, """{"sessionId":"0x00","sequence":0,"ciphertext":"AA=="}""" },
        { PeerRoutes.FulfilmentCollect, """{"request":null}""" },
        { PeerRoutes.FulfilmentCollect, "{}" },
        { PeerRoutes.FulfilmentCollect, """{"request":{"message":null,"signature":null},"requestId":"0x00"}""" },
        { PeerRoutes.VisitBegin, "null" },
        { PeerRoutes.VisitBegin, "[1,2" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_MalformedOrIncompleteBody_Answers400NamingTheProblem(string route, string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        await using var server = await HospitalHttpServer.StartAsync(net.A, FreePort.Next(), ct);
        using var http = new HttpClient();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(server.BaseAddress, route), content, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{route} {body} → {(int)response.StatusCode} {text}");
        Assert.Contains("NodeException", text, StringComparison.Ordinal);
    }
}
