using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Web.Api;
using EmrShare.Web.Auth;
using EmrShare.Web.Security;
using EmrShare.Web.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Security;

/// <summary>Server-side sessions: sign-out, password reset and disable end them; idle and absolute limits; no refresh tokens.</summary>
[Collection(WebCollection.Name)]
public sealed class SessionTests(WebNetwork web)
{
    private const string Password = "a long enough test password";

    [Fact]
    public async Task SignOut_BearerToken_RefusedAfterwards()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedAppAsync(TimeProvider.System, ct);
        var token = await TokenAsync(app.BaseAddress, "nurse", Password, ct);
        using var client = Bearer(app.BaseAddress, token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("api/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/session", ct)).StatusCode);
    }

    [Fact]
    public async Task SignOut_Cookie_ReplayedCookieRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedAppAsync(TimeProvider.System, ct);
        using var browser = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var signIn = await browser.PostAsJsonAsync("api/session", new SignInRequest("nurse", Password), ct);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("emrshare-", StringComparison.Ordinal)).Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await SendWithCookieAsync(browser, HttpMethod.Get, cookie, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithCookieAsync(browser, HttpMethod.Delete, cookie, ct)).StatusCode);
        // The stolen copy of the cookie is worth nothing after sign-out.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookieAsync(browser, HttpMethod.Get, cookie, ct)).StatusCode);
    }

    [Fact]
    public async Task PasswordResetOrDisable_EndsExistingSessions()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedAppAsync(TimeProvider.System, ct);
        using var before = Bearer(app.BaseAddress, await TokenAsync(app.BaseAddress, "nurse", Password, ct));
        await app.Accounts.SaveAsync("nurse", Password + " changed", Roles.Clinician, null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("api/session", ct)).StatusCode);

        using var again = Bearer(app.BaseAddress, await TokenAsync(app.BaseAddress, "nurse", Password + " changed", ct));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("api/session", ct)).StatusCode);
        await app.Accounts.SetDisabledAsync("nurse", disabled: true, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("api/session", ct)).StatusCode);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/session/token", new SignInRequest("nurse", Password + " changed"), ct)).StatusCode);
    }

    [Fact]
    public async Task Session_IdleOrPastAbsoluteLifetime_Ends()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await DedicatedAppAsync(time, ct, new SessionLifetime { Absolute = TimeSpan.FromMinutes(45), Idle = TimeSpan.FromMinutes(30) });
        using var idle = Bearer(app.BaseAddress, await TokenAsync(app.BaseAddress, "nurse", Password, ct));
        time.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("api/session", ct)).StatusCode);

        using var busy = Bearer(app.BaseAddress, await TokenAsync(app.BaseAddress, "nurse", Password, ct));
        for (var minutes = 0; minutes < 40; minutes += 20)
        {
            time.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("api/session", ct)).StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(10)); // 50 min after sign-in: active, but past the absolute limit.
        Assert.Equal(HttpStatusCode.Unauthorized, (await busy.GetAsync("api/session", ct)).StatusCode);
    }

    [Fact]
    public async Task TokenSignIn_Answer_CarriesNoRefreshToken()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient { BaseAddress = web.HospitalA.BaseAddress };
        using var response = await client.PostAsJsonAsync("api/session/token", new SignInRequest("doc", WebNetwork.StaffPassword), ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.True(json.RootElement.TryGetProperty("accessToken", out _));
        Assert.False(json.RootElement.TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_BackoffThenLockoutThenRecovers()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await DedicatedAppAsync(time, ct);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        async Task<HttpStatusCode> TryAsync(string password) =>
            (await client.PostAsJsonAsync("api/session/token", new SignInRequest("nurse", password), ct)).StatusCode;

        var options = new SignInThrottleOptions();
        for (var i = 0; i < options.AccountFreeFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("wrong"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("wrong"));
        // Backoff: even the right password must wait now.
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(Password));
        for (var i = options.AccountFreeFailures + 1; i < options.AccountLockoutFailures; i++)
        {
            time.Advance(options.MaxBackoff);
            Assert.Equal(HttpStatusCode.Unauthorized, await TryAsync("wrong"));
        }

        time.Advance(options.MaxBackoff);
        Assert.Equal(HttpStatusCode.TooManyRequests, await TryAsync(Password));
        Assert.Contains(app.Log.Lines, l => l.Contains("locked", StringComparison.Ordinal) && l.Contains("nurse", StringComparison.Ordinal));
        Assert.Contains(app.Log.Lines, l => l.Contains("failed sign-in", StringComparison.Ordinal));
        time.Advance(options.LockoutDuration);
        Assert.Equal(HttpStatusCode.OK, await TryAsync(Password));
    }

    [Fact]
    public async Task SignIn_ManyAccountsFromOneAddress_AddressThrottled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedAppAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), ct);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var options = new SignInThrottleOptions();
        for (var i = 0; i < options.AddressFreeFailures + 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("api/session/token", new SignInRequest($"guess{i}", "wrong"), ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("api/session/token", new SignInRequest("nurse", Password), ct)).StatusCode);
    }

    [Fact]
    public async Task SignIn_ParallelWrongPasswords_KdfRunsBounded()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DedicatedAppAsync(TimeProvider.System, ct);
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        var attempts = Enumerable.Range(0, 8).Select(i => client.PostAsJsonAsync("api/session/token", new SignInRequest($"user{i}", "wrong"), ct));
        foreach (var response in await Task.WhenAll(attempts))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.InRange(KdfLimiter.Peak, 1, KdfLimiter.MaxConcurrent);
    }

    private Task<DedicatedApp> DedicatedAppAsync(TimeProvider time, CancellationToken ct, SessionLifetime? lifetime = null) =>
        DedicatedApp.StartAsync(web.Nodes.A, Password, time, ct, lifetime);

    private static async Task<string> TokenAsync(Uri web, string user, string password, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = web };
        using var response = await client.PostAsJsonAsync("api/session/token", new SignInRequest(user, password), ct);
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

    private static async Task<HttpResponseMessage> SendWithCookieAsync(HttpClient client, HttpMethod method, string cookie, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, "api/session");
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add(CrossOriginGuard.RequestHeader, "1");
        return await client.SendAsync(request, ct);
    }
}
