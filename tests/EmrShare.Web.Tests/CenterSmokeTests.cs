using System.Net;
using System.Net.Http.Json;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Tests;

/// <summary>The host skeleton: sign-in, role-protected API, server-rendered page, ProblemDetails on refusal.</summary>
public sealed class CenterSmokeTests : IClassFixture<EmbeddedLedgerFixture>
{
    private readonly EmbeddedLedgerFixture _chain;

    public CenterSmokeTests(EmbeddedLedgerFixture chain) => _chain = chain;

    [Fact]
    public async Task CenterApp_SignInThenDeployment_ServesAddressesOnlyToAdmin()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-web-").FullName;
        var center = await CenterService.DeployAsync(_chain.Access, EmbeddedLedgerFixture.Keys[0], ct);
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        await accounts.SaveAsync("admin", "correct horse", Roles.CenterAdmin, null, ct);
        using var enrolment = await EnrolmentQueue.OpenAsync(folder, center, new EnrolmentPolicy(), TimeProvider.System, ct);
        await using var web = await EmrShareWebApp.StartAsync(new CenterActor(center, accounts, enrolment), new WebAppOptions(), ct);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = web.BaseAddress };

        var anonymous = await client.GetAsync("api/deployment", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = await client.PostAsJsonAsync("api/session", new SignInRequest("admin", "wrong"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var signedIn = await client.PostAsJsonAsync("api/session", new SignInRequest("admin", "correct horse"), ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        var deployment = await client.GetFromJsonAsync<DeploymentInfo>("api/deployment", ct);
        Assert.Equal(center.Addresses.Registry, deployment!.Registry);

        var page = await client.GetStringAsync("center", ct);
        Assert.Contains(center.Addresses.AccessControl, page, StringComparison.Ordinal);

        var otherActorsPage = await client.GetAsync("hospital", ct);
        Assert.Equal(HttpStatusCode.NotFound, otherActorsPage.StatusCode);
    }
}
