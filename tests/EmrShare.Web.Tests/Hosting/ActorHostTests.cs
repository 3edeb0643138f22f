using System.Net;
using System.Text;
using EmrShare.Nodes.Transport;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Hosting;

/// <summary>
/// The actor hosts built on the service defaults: a hospital's one host also serves the peer protocol (validated at
/// the edge) and its store for peers; every actor answers /healthz, /readyz (real checks against the real chain,
/// database and store) and /metrics with its gauges.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ActorHostTests(WebNetwork web)
{
    [Fact]
    public async Task Readyz_HospitalOnRunningChain_ReadyWithEveryCheck()
    {
        using var http = new HttpClient { BaseAddress = web.HospitalA.BaseAddress };
        var ct = TestContext.Current.CancellationToken;

        using var live = await http.GetAsync(new Uri("healthz", UriKind.Relative), ct);
        using var ready = await http.GetAsync(new Uri("readyz", UriKind.Relative), ct);
        var body = await ready.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
        foreach (var check in new[] { "chain", "database", "store", "watcher" })
        {
            Assert.Contains($"\"name\":\"{check}\",\"status\":\"Healthy\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metrics_HospitalAndCenter_ExposeTheirGauges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var hospital = new HttpClient { BaseAddress = web.HospitalA.BaseAddress };
        using var center = new HttpClient { BaseAddress = web.Center.BaseAddress };

        var hospitalMetrics = await hospital.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);
        var centerMetrics = await center.GetStringAsync(new Uri("metrics", UriKind.Relative), ct);

        Assert.Contains("emrshare_watcher_lag_blocks ", hospitalMetrics, StringComparison.Ordinal);
        Assert.Contains("emrshare_fulfilments_pending 0", hospitalMetrics, StringComparison.Ordinal);
        Assert.Contains("emrshare_chain_head_lag_seconds ", hospitalMetrics, StringComparison.Ordinal);
        Assert.Contains("emrshare_enrolment_queue_size ", centerMetrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerRoute_OnHospitalHost_IncompleteBodyIs400()
    {
        using var http = new HttpClient { BaseAddress = web.HospitalA.BaseAddress };
        using var content = new StringContent("""{"request":null}""", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(new Uri(PeerRoutes.FulfilmentCollect, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task PeerRoute_OnCenterHost_NotServed()
    {
        using var http = new HttpClient { BaseAddress = web.Center.BaseAddress };
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await http.PostAsync(new Uri(PeerRoutes.VisitBegin, UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
