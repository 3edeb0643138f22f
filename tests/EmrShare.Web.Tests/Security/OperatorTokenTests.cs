using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Web.Auth;
using EmrShare.Web.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Security;

/// <summary>
/// Operator tokens (issue 14 #8): a fixed expiry instead of the idle limit, a scope (read = GET only), revocable by
/// sign-out or a password reset, and issue, use and refusal in the account audit.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class OperatorTokenTests(WebNetwork web)
{
    private const string Password = "a long enough test password";

    [Fact]
    public async Task OperatorToken_PastItsExpiry_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await DedicatedApp.StartAsync(web.Nodes.A, Password, time, ct);
        using var client = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "read", 60, ct));
        // No idle limit (30 min for sign-in sessions): used again after 50 minutes, it still works.
        time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/records", ct)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/records", ct)).StatusCode);
    }

    [Fact]
    public async Task OperatorToken_ReadScopeWrites_RefusedAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedApp.StartAsync(web.Nodes.A, Password, TimeProvider.System, ct);
        using var client = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "read", 60, ct));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/records", ct)).StatusCode);
        using var write = await client.PostAsync("api/patients/P-1/records", new StringContent("{}", System.Text.Encoding.UTF8, "application/fhir+json"), ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Contains("has the read scope", await write.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var audit = await app.Accounts.ListAuditAsync(50, ct);
        Assert.Contains(audit, l => l is { Action: "operator-token-issued", Account: "nurse" } && l.Detail!.StartsWith("scope read", StringComparison.Ordinal));
        Assert.Contains(audit, l => l is { Action: "operator-token-used", Detail: "GET /api/records/" });
        Assert.Contains(audit, l => l is { Action: "operator-token-refused", Detail: "POST /api/patients/{localId}/records" });
    }

    [Fact]
    public async Task OperatorToken_SignOutOrPasswordReset_Revokes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedApp.StartAsync(web.Nodes.A, Password, TimeProvider.System, ct);
        using var signedOut = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "read", 60, ct));
        Assert.Equal(HttpStatusCode.NoContent, (await signedOut.DeleteAsync("api/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedOut.GetAsync("api/records", ct)).StatusCode);

        using var reset = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "write", 60, ct));
        Assert.Equal(HttpStatusCode.OK, (await reset.GetAsync("api/records", ct)).StatusCode);
        await app.Accounts.ResetPasswordAsync("nurse", Password + " changed", "test", DateTimeOffset.UtcNow, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reset.GetAsync("api/records", ct)).StatusCode);
    }

    [Theory]
    [InlineData("admin", 60)]
    [InlineData("read", 0)]
    [InlineData("write", 43201)]
    public async Task OperatorToken_BadScopeOrLifetime_BadRequest(string scope, int minutes)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient { BaseAddress = web.HospitalA.BaseAddress };
        using var response = await client.PostAsJsonAsync("api/session/operator-token", new OperatorTokenRequest("doc", WebNetwork.StaffPassword, null, scope, minutes), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<string> OperatorTokenAsync(Uri web, string scope, int minutes, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = web };
        using var response = await client.PostAsJsonAsync("api/session/operator-token", new OperatorTokenRequest("nurse", Password, null, scope, minutes), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(scope, json.RootElement.GetProperty("scope").GetString());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static HttpClient Bearer(Uri web, string token)
    {
        var client = new HttpClient { BaseAddress = web };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
