using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Web.Auth;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.Security;

/// <summary>
/// An administrator lists every account's live operator tokens and revokes another account's (issue 14 #8): the
/// revoked token is refused from its next request, the listing never shows anything that authenticates, the
/// revocation is in the account audit, and only an admin (with a write-scope token, if by token) may do either.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class OperatorTokenAdminTests(WebNetwork web)
{
    private const string Password = "a long enough test password";

    private const string AdminPassword = "the administrator's own long password";

    [Fact]
    public async Task RevokeOperatorToken_AsAdmin_TokenRefusedAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartWithAdminAsync(ct);
        var nurseToken = await OperatorTokenAsync(app.BaseAddress, "nurse", Password, "read", ct);
        using var nurse = Bearer(app.BaseAddress, nurseToken);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync("api/records", ct)).StatusCode);
        using var admin = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "boss", AdminPassword, "write", ct));

        var listing = await admin.GetStringAsync("api/staff/operator-tokens", ct);
        var tokens = JsonSerializer.Deserialize<List<OperatorTokenView>>(listing, JsonSerializerOptions.Web)!;
        var nurses = Assert.Single(tokens, t => t.Account == "nurse");
        Assert.Equal("read", nurses.Scope);
        Assert.DoesNotContain(nurseToken, listing, StringComparison.Ordinal);

        using var revoked = await admin.DeleteAsync("api/staff/operator-tokens/" + nurses.Id, ct);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nurse.GetAsync("api/records", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/staff/operator-tokens", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("api/staff/operator-tokens/" + nurses.Id, ct)).StatusCode);

        var audit = await app.Accounts.ListAuditAsync(50, ct);
        Assert.Contains(audit, l => l is { Action: "operator-token-revoked", Actor: "boss", Account: "nurse" } && l.Detail!.Contains(nurses.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OperatorTokens_NotAdminOrReadScope_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartWithAdminAsync(ct);
        var nurseToken = await OperatorTokenAsync(app.BaseAddress, "nurse", Password, "write", ct);
        using var nurse = Bearer(app.BaseAddress, nurseToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.GetAsync("api/staff/operator-tokens", ct)).StatusCode);
        using var readAdmin = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "boss", AdminPassword, "read", ct));
        var id = Assert.Single(JsonSerializer.Deserialize<List<OperatorTokenView>>(
            await readAdmin.GetStringAsync("api/staff/operator-tokens", ct), JsonSerializerOptions.Web)!, t => t.Account == "nurse").Id;
        Assert.Equal(HttpStatusCode.Forbidden, (await nurse.DeleteAsync("api/staff/operator-tokens/" + id, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await readAdmin.DeleteAsync("api/staff/operator-tokens/" + id, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync("api/records", ct)).StatusCode);
    }

    [Fact]
    public async Task StaffPage_LiveTokens_ListedByAccountNameWithRevokeButton()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartWithAdminAsync(ct);
        await OperatorTokenAsync(app.BaseAddress, "nurse", Password, "read", ct);
        using var admin = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "boss", AdminPassword, "read", ct));
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("hospital/staff", ct));
        Assert.Contains("data-testid=\"operator-token-row\" data-user=\"nurse\"", page, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Revoke the read-only token of “nurse” issued", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffPage_RevokeAskThenConfirm_TokenRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StartWithAdminAsync(ct);
        using var nurse = Bearer(app.BaseAddress, await OperatorTokenAsync(app.BaseAddress, "nurse", Password, "read", ct));
        var id = OperatorTokenIds.Of((await app.Accounts.Sessions.ListOperatorAsync(ct)).Single(t => t.Username == "nurse").Id);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await OperatorTokenAsync(app.BaseAddress, "boss", AdminPassword, "write", ct));
        var antiforgery = TokenField().Match(await browser.GetStringAsync("hospital/staff", ct)).Groups[1].Value;

        // First step: the page asks; nothing is revoked yet.
        var asked = await PostFormAsync(browser, new() { ["_handler"] = "token-revoke-" + id, ["__RequestVerificationToken"] = antiforgery }, ct);
        Assert.Contains("data-testid=\"token-revoke-confirm\"", asked, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync("api/records", ct)).StatusCode);

        var confirmed = await PostFormAsync(browser, new() { ["_handler"] = "token-revoke-confirm", ["tokenId"] = id, ["__RequestVerificationToken"] = TokenField().Match(asked).Groups[1].Value }, ct);
        Assert.Contains("Revoked the read-only token of “nurse”", confirmed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nurse.GetAsync("api/records", ct)).StatusCode);
    }

    private static async Task<string> PostFormAsync(HttpClient browser, Dictionary<string, string> fields, CancellationToken ct)
    {
        using var posted = await browser.PostAsync("hospital/staff", new FormUrlEncodedContent(fields), ct);
        var page = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(ct));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, page);
        return page;
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial System.Text.RegularExpressions.Regex TokenField();

    private async Task<DedicatedApp> StartWithAdminAsync(CancellationToken ct)
    {
        var app = await DedicatedApp.StartAsync(web.Nodes.A, Password, TimeProvider.System, ct);
        await app.Accounts.SaveAsync("boss", AdminPassword, Roles.HospitalAdmin, null, ct);
        return app;
    }

    private static async Task<string> OperatorTokenAsync(Uri web, string user, string password, string scope, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = web };
        using var response = await client.PostAsJsonAsync("api/session/operator-token", new OperatorTokenRequest(user, password, null, scope, 60), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static HttpClient Bearer(Uri web, string token)
    {
        var client = new HttpClient { BaseAddress = web };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
