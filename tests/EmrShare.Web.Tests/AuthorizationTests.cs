using System.Net;
using System.Net.Http.Json;
using EmrShare.Web.Api;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>Per-actor and per-role authorization across the four running apps.</summary>
[Collection(WebCollection.Name)]
public sealed class AuthorizationTests(WebNetwork web)
{
    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "center", "api/deployment" },
        { "center", "api/chain/status" },
        { "center", "api/enrolment" },
        { "hospitalA", "api/records" },
        { "hospitalA", "api/patients" },
        { "hospitalA", "api/audit" },
        { "patient", "api/index" },
        { "patient", "api/access-log" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Api_Anonymous_Returns401ProblemNeverRedirect(string app, string route)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = web.Client(AppNamed(app), null);
        using var response = await client.GetAsync(route, ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Unauthorized, ct);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData(Role.Patient, "hospitalA")]
    [InlineData(Role.ClinicianB, "hospitalA")]
    [InlineData(Role.Clinician, "hospitalB")]
    [InlineData(Role.CenterAdmin, "hospitalA")]
    [InlineData(Role.Clinician, "center")]
    [InlineData(Role.HospitalAdmin, "patient")]
    public async Task Token_FromAnotherApp_IsRejectedWith401(Role role, string app)
    {
        var ct = TestContext.Current.CancellationToken;
        var route = app switch { "center" => "api/deployment", "patient" => "api/index", _ => "api/records" };
        using var response = await web.Client(AppNamed(app), role).GetAsync(route, ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task PatientRoutes_OnHospitalApp_DoNotExist()
    {
        var ct = TestContext.Current.CancellationToken;
        var doc = web.Client(web.HospitalA, Role.Clinician);
        Assert.Equal(HttpStatusCode.NotFound, (await doc.GetAsync("api/index", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await doc.GetAsync("api/chain/status", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client(web.Patient, Role.Patient).GetAsync("api/records", ct)).StatusCode);
    }

    [Fact]
    public async Task Session_BearerToken_DescribesRoleAndPractitioner()
    {
        var ct = TestContext.Current.CancellationToken;
        var session = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<SessionInfo>("api/session", ApiCalls.Json, ct);
        Assert.Equal("clinician", session!.Role);
        Assert.Equal(0, session.PractitionerIndex);
        Assert.Equal("hospital", session.Actor);
        var patient = await web.Client(web.Patient, Role.Patient).GetFromJsonAsync<SessionInfo>("api/session", ApiCalls.Json, ct);
        Assert.Equal("patient", patient!.Role);
    }

    [Fact]
    public async Task SignIn_WrongPassphraseOrForeignRole_Returns401()
    {
        var ct = TestContext.Current.CancellationToken;
        await ApiCalls.ExpectAsync(await web.Client(web.Patient, null).PostAsJsonAsync("api/session/token", new SignInRequest(null, "wrong"), ct), HttpStatusCode.Unauthorized, ct);
        // Hospital A's admin account does not exist in the Center's store.
        await ApiCalls.ExpectAsync(await web.Client(web.Center, null).PostAsJsonAsync("api/session/token", new SignInRequest("admin", WebNetwork.StaffPassword), ct), HttpStatusCode.Unauthorized, ct);
    }

    [Fact]
    public async Task Cookie_SignedInAtA_IsNotAcceptedByBOnTheSameHost()
    {
        var ct = TestContext.Current.CancellationToken;
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        using var browser = new HttpClient(handler);
        using var signIn = await browser.PostAsJsonAsync(new Uri(web.HospitalA.BaseAddress, "api/session"), new SignInRequest("doc", WebNetwork.StaffPassword), ct);
        await ApiCalls.ExpectAsync(signIn, HttpStatusCode.OK, ct);
        var cookie = Assert.Single(cookies.GetCookies(web.HospitalA.BaseAddress));
        Assert.True(cookie.HttpOnly);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri(web.HospitalA.BaseAddress, "api/records"), ct)).StatusCode);

        // Cookies are per host, not per port: B receives A's cookie but only honours its own cookie name.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri(web.HospitalB.BaseAddress, "api/records"), ct)).StatusCode);
        using var signOutRequest = new HttpRequestMessage(HttpMethod.Delete, new Uri(web.HospitalA.BaseAddress, "api/session"));
        signOutRequest.Headers.Add(EmrShare.Web.Security.CrossOriginGuard.RequestHeader, "1");
        using var signOut = await browser.SendAsync(signOutRequest, ct);
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri(web.HospitalA.BaseAddress, "api/records"), ct)).StatusCode);
    }

    private EmrShare.Web.Hosting.EmrShareWebApp AppNamed(string name) => name switch
    {
        "center" => web.Center,
        "hospitalA" => web.HospitalA,
        "hospitalB" => web.HospitalB,
        _ => web.Patient,
    };
}
