using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmrShare.Web.Api;
using EmrShare.Web.Security;
using EmrShare.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace EmrShare.Web.Tests.Security;

/// <summary>Response headers, CSRF and content-type checks, Host handling and the API reference's access rule.</summary>
[Collection(WebCollection.Name)]
public sealed class WebHardeningTests(WebNetwork web)
{
    [Theory]
    [InlineData("login", null)]
    [InlineData("api/records", null)]
    [InlineData("api/records", Role.Clinician)]
    [InlineData("health", null)]
    public async Task Response_AnyRoute_CarriesSecurityHeadersAndNoServerHeader(string route, Role? role)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await web.Client(web.HospitalA, role).GetAsync(route, ct);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store missing");
        Assert.False(response.Headers.Contains("Server"), "the Server header names the software");
    }

    [Fact]
    public async Task CookieSession_CrossOriginUnsafeRequest_Refused403()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = await CookieClientAsync(web.Center, "admin", WebNetwork.CenterPassword, ct);

        // A forced enrolment round below k from another site's page: refused before it reaches the queue.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "api/enrolment/rounds?belowRoundSize=true");
        forged.Headers.Add("Origin", "http://evil.example");
        await ApiCalls.ExpectAsync(await browser.SendAsync(forged, ct), HttpStatusCode.Forbidden, ct);
        using var noOrigin = new HttpRequestMessage(HttpMethod.Post, "api/enrolment/rounds?belowRoundSize=true");
        await ApiCalls.ExpectAsync(await browser.SendAsync(noOrigin, ct), HttpStatusCode.Forbidden, ct);

        // The same call from the site itself passes the guard (the queue then answers on its own terms).
        using var sameSite = new HttpRequestMessage(HttpMethod.Get, "api/enrolment");
        using var status = await browser.SendAsync(sameSite, ct);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var own = new HttpRequestMessage(HttpMethod.Post, "api/enrolment/rounds");
        own.Headers.Add("Origin", web.Center.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var ownResponse = await browser.SendAsync(own, ct);
        Assert.NotEqual(HttpStatusCode.Forbidden, ownResponse.StatusCode);
        using var scripted = new HttpRequestMessage(HttpMethod.Post, "api/enrolment/rounds");
        scripted.Headers.Add(CrossOriginGuard.RequestHeader, "1");
        using var scriptedResponse = await browser.SendAsync(scripted, ct);
        Assert.NotEqual(HttpStatusCode.Forbidden, scriptedResponse.StatusCode);
    }

    [Fact]
    public async Task ApiPost_UndeclaredContentType_Refused415()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        // A form post (a "simple" cross-site type) to an endpoint that declares HL7 v2, XML and text bodies only.
        var form = new StringContent("MSH|^~\\&|A|B", Encoding.UTF8, "application/x-www-form-urlencoded");
        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", form, ct), HttpStatusCode.UnsupportedMediaType, ct);
        var record = new StringContent("""{"resourceType":"Observation"}""", Encoding.UTF8, "text/plain");
        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", record, ct), HttpStatusCode.UnsupportedMediaType, ct);
        var signIn = new StringContent("""{"username":"doc","password":"x"}""", Encoding.UTF8, "text/plain");
        await ApiCalls.ExpectAsync(await web.Client(web.HospitalA, null).PostAsync("api/session/token", signIn, ct), HttpStatusCode.UnsupportedMediaType, ct);
    }

    [Fact]
    public async Task ApiPost_BodyToEndpointThatDeclaresNone_Refused415()
    {
        // Routing already answers 415 where an endpoint declares body types; an unsafe endpoint that takes no body
        // (forcing an enrolment round, the pen test's cross-site example) is guarded by DeclaredContentTypes alone.
        var ct = TestContext.Current.CancellationToken;
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var simple = new StringContent("x", Encoding.UTF8, "text/plain");
        await ApiCalls.ExpectAsync(await admin.PostAsync("api/enrolment/rounds?belowRoundSize=true", simple, ct), HttpStatusCode.UnsupportedMediaType, ct);
    }

    [Fact]
    public async Task SignInRedirect_ForeignHostHeader_NeverReflected()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, "hospital/audit");
        request.Headers.Host = "evil.example";
        using var response = await web.Client(web.HospitalA, null).SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", response.Headers.Location.OriginalString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AllowedHosts_Configured_OtherHostRefusedAndApiReferenceOff()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-hosts-").FullName;
        var accounts = await Auth.AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        var options = new global::EmrShare.Web.Hosting.WebAppOptions { ApiReference = ApiReferenceAccess.Off };
        await using var app = global::EmrShare.Web.Hosting.EmrShareWebApp.Build(new global::EmrShare.Web.Hosting.HospitalActor(web.Nodes.A, accounts), options, builder =>
        {
            builder.Configuration[SecurityPipeline.AllowedHostsKey] = "127.0.0.1";
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await app.StartAsync(ct);
        var address = app.Urls.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health", ct)).StatusCode);
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "health");
        foreign.Headers.Host = "evil.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(foreign, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("openapi/v1.json", ct)).StatusCode);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task ApiReference_AdminOnlyByDefault_RefusesOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Unauthorized, (await web.Client(web.HospitalA, null).GetAsync("openapi/v1.json", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await web.Client(web.HospitalA, Role.Clinician).GetAsync("openapi/v1.json", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.Client(web.HospitalA, Role.HospitalAdmin).GetAsync("openapi/v1.json", ct)).StatusCode);
        using var anonymousReference = await web.Client(web.Center, null).GetAsync("scalar/", ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymousReference.StatusCode);
        Assert.StartsWith("/login", anonymousReference.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await web.Client(web.Center, Role.CenterAdmin).GetAsync("scalar/", ct)).StatusCode);
    }

    [Fact]
    public async Task Problem_InputEchoingErrors_NeverQuoteTheInput()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Marker = "ZQXSECRETVALUE";
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var responses = new List<HttpResponseMessage>
        {
            await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(Encoding.UTF8.GetBytes($$$"""{"resourceType":"Observation","status":"{{{Marker}}}","code":{"text":"x"}}""")), ct),
            await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(Encoding.UTF8.GetBytes($$"""{"resourceType":"{{Marker}}"}""")), ct),
            await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", new StringContent($"MSH|^~\\&|{Marker}\rPID|{Marker}", Encoding.UTF8, "application/hl7-v2"), ct),
            await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=cda", new StringContent($"<{Marker}/>", Encoding.UTF8, "application/xml"), ct),
            await web.Client(web.HospitalA, null).PostAsync("api/session/token", new StringContent(Marker + "}", Encoding.UTF8, "application/json"), ct),
        };
        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{(int)response.StatusCode}: {body}");
            Assert.DoesNotContain(Marker, body, StringComparison.OrdinalIgnoreCase);
            response.Dispose();
        }
    }

    [Fact]
    public async Task Problem_ThousandsOfIssues_ListCappedWithCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var entries = string.Join(',', Enumerable.Range(0, 400).Select(i => $$$"""{"fullUrl":"urn:uuid:{{{Guid.NewGuid()}}}","resource":{"resourceType":"Observation"}}"""));
        var bundle = $$"""{"resourceType":"Bundle","type":"collection","entry":[{{entries}}]}""";
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(Encoding.UTF8.GetBytes(bundle)), ct);
        var problem = (await ApiCalls.ExpectAsync(response, HttpStatusCode.UnprocessableEntity, ct))!.Value;
        Assert.Equal(ProblemRedaction.MaxIssues, problem.GetProperty("issues").GetArrayLength());
        Assert.True(problem.GetProperty("issueCount").GetInt32() > ProblemRedaction.MaxIssues);
    }

    private static async Task<HttpClient> CookieClientAsync(global::EmrShare.Web.Hosting.EmrShareWebApp app, string user, string password, CancellationToken ct)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = app.BaseAddress };
        using var signedIn = await client.PostAsJsonAsync("api/session", new SignInRequest(user, password), ct);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return client;
    }
}
