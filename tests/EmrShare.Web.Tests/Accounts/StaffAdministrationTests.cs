using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Web.Api;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EmrShare.Web.Tests.Accounts;

/// <summary>Staff administration over the real hospital app: create, link, reset, disable, audit, admin-only, persistence.</summary>
[Collection(WebCollection.Name)]
public sealed class StaffAdministrationTests(WebNetwork web)
{
    private const string AdminPassword = "violet anchor meadow tram";
    private const string ClinicianPassword = "copper lantern river sloth";

    [Fact]
    public async Task Create_ClinicianLinkedToKey_SignsInAndIsAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var admin = await SignedInAsync(app.BaseAddress, "boss", AdminPassword, ct);
        using var created = await admin.PostAsJsonAsync("api/staff", new NewStaffAccount("dr.new", Roles.Clinician, 0, ClinicianPassword), ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = (await created.Content.ReadFromJsonAsync<StaffAccountView>(ct))!;
        Assert.Equal(web.Nodes.A.Keys.PractitionerAddresses[0].ToString(), view.PractitionerAddress);
        Assert.True(view.PractitionerRegistered);

        using var clinician = await SignedInAsync(app.BaseAddress, "dr.new", ClinicianPassword, ct);
        var me = await clinician.GetFromJsonAsync<SessionInfo>("api/session", ct);
        Assert.Equal((Roles.Clinician, 0), (me!.Role, me.PractitionerIndex));

        var audit = await admin.GetFromJsonAsync<List<AccountAuditLine>>("api/staff/audit", ct);
        Assert.Contains(audit!, l => l is { Action: "create", Account: "dr.new", Actor: "boss" });
        var hospitalAudit = await web.Nodes.A.Database.ListAuditAsync(ct);
        Assert.Contains(hospitalAudit, r => r.Kind == "account-create" && r.Counterpart == "dr.new (by boss)");
    }

    [Fact]
    public async Task Create_BadFields_400WithEachFieldNamed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var admin = await SignedInAsync(app.BaseAddress, "boss", AdminPassword, ct);
        using var weak = await admin.PostAsJsonAsync("api/staff", new NewStaffAccount("x", "superuser", null, "qwerty123456"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var problem = JsonDocument.Parse(await weak.Content.ReadAsStringAsync(ct));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.All(new[] { "username", "role", "password" }, f => Assert.True(errors.TryGetProperty(f, out _), f));
        Assert.DoesNotContain("qwerty123456", problem.RootElement.GetRawText(), StringComparison.Ordinal);

        using var noKey = await admin.PostAsJsonAsync("api/staff", new NewStaffAccount("dr.nokey", Roles.Clinician, 99, ClinicianPassword), ct);
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);
        using var duplicate = await admin.PostAsJsonAsync("api/staff", new NewStaffAccount("boss", Roles.HospitalAdmin, null, ClinicianPassword), ct);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
    }

    [Fact]
    public async Task Disable_EndsLiveSessionAndRefusesSignIn_EnableRestores()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var admin = await SignedInAsync(app.BaseAddress, "boss", AdminPassword, ct);
        using var clinician = await SignedInAsync(app.BaseAddress, "nurse", ClinicianPassword, ct);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("api/staff/nurse/disable", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await clinician.GetAsync("api/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryTokenAsync(app.BaseAddress, "nurse", ClinicianPassword, ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync("api/staff/nurse/enable", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryTokenAsync(app.BaseAddress, "nurse", ClinicianPassword, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("api/staff/boss/disable", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("api/staff/nobody/disable", null, ct)).StatusCode);
        var actions = (await admin.GetFromJsonAsync<List<AccountAuditLine>>("api/staff/audit", ct))!.Select(l => l.Action).ToList();
        Assert.Equal(["enable", "disable"], actions.Take(2));
    }

    [Fact]
    public async Task ResetPassword_EndsSessionsOldPasswordRefused_PolicyApplies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var admin = await SignedInAsync(app.BaseAddress, "boss", AdminPassword, ct);
        using var clinician = await SignedInAsync(app.BaseAddress, "nurse", ClinicianPassword, ct);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("api/staff/nurse/password", new PasswordReset("nurse is my password"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("api/staff/nurse/password", new PasswordReset("saffron tundra pebble oak"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await clinician.GetAsync("api/session", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryTokenAsync(app.BaseAddress, "nurse", ClinicianPassword, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryTokenAsync(app.BaseAddress, "nurse", "saffron tundra pebble oak", ct)).StatusCode);
    }

    [Fact]
    public async Task Totp_EnrolledAdmin_SignInNeedsFreshCode()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var admin = await SignedInAsync(app.BaseAddress, "boss", AdminPassword, ct);
        using var begin = await admin.PostAsync("api/staff/me/totp", null, ct);
        var offer = (await begin.Content.ReadFromJsonAsync<TotpEnrolment>(ct))!;
        Assert.StartsWith("otpauth://totp/", offer.Uri, StringComparison.Ordinal);
        Assert.True(EmrShare.Storage.Multiformats.Base32Lower.TryDecode(offer.Secret.ToLowerInvariant(), out var key));
        var step = Totp.StepAt(DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("api/staff/me/totp/confirm", new TotpConfirmation(offer.Secret, "000000" == Totp.Compute(key, step) ? "111111" : "000000"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("api/staff/me/totp/confirm", new TotpConfirmation(offer.Secret, Totp.Compute(key, step)), ct)).StatusCode);

        using var noCode = await TryTokenAsync(app.BaseAddress, "boss", AdminPassword, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Contains("SecondFactorRequiredException", await noCode.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var code = Totp.Compute(key, Totp.StepAt(DateTimeOffset.UtcNow) + 1); // a step not used yet (the confirm may have used the current one)
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryTokenAsync(app.BaseAddress, "boss", "wrong password here", ct, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TryTokenAsync(app.BaseAddress, "boss", AdminPassword, ct, code)).StatusCode);
        // The same code again is a replay: refused, although it is still inside its window.
        Assert.Equal(HttpStatusCode.Unauthorized, (await TryTokenAsync(app.BaseAddress, "boss", AdminPassword, ct, code)).StatusCode);
        Assert.Contains(app.Log.Lines, l => l.Contains("failed sign-in for account boss", StringComparison.Ordinal));
        Assert.Contains((await admin.GetFromJsonAsync<List<AccountAuditLine>>("api/staff/audit", ct))!, l => l is { Action: "totp-enrol", Account: "boss" });
    }

    [Theory]
    [InlineData("GET", "api/staff")]
    [InlineData("GET", "api/staff/audit")]
    [InlineData("POST", "api/staff/boss/disable")]
    [InlineData("GET", "hospital/staff")]
    public async Task StaffRoutes_Clinician_403(string method, string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await StaffAppAsync(ct);
        using var clinician = await SignedInAsync(app.BaseAddress, "nurse", ClinicianPassword, ct);
        using var response = await clinician.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
        // Page and API alike: a signed-in clinician is refused, never shown the staff list.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/staff", ct)).StatusCode);
    }

    [Fact]
    public async Task AccountsSessionsAndAudit_ReopenedStore_Persist()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("emrshare-staff-").FullName;
        try
        {
            var path = Path.Combine(folder, "web-accounts.db");
            var first = await AccountStore.OpenAsync(path, ct);
            await first.CreateAsync("dr.kept", ClinicianPassword, Roles.Clinician, 0, "boss", DateTimeOffset.UtcNow, ct);
            await first.CreateAsync("dr.off", ClinicianPassword, Roles.Clinician, 0, "boss", DateTimeOffset.UtcNow, ct);
            await first.SetDisabledAsync("dr.off", disabled: true, "boss", DateTimeOffset.UtcNow, ct);
            var session = await first.Sessions.StartAsync("dr.kept", DateTimeOffset.UtcNow, ct);

            var reopened = await AccountStore.OpenAsync(path, ct);
            Assert.Equal(0, (await reopened.VerifyAsync("dr.kept", ClinicianPassword, ct)).PractitionerIndex);
            await Assert.ThrowsAsync<SignInFailedException>(() => reopened.VerifyAsync("dr.off", ClinicianPassword, ct));
            Assert.NotNull(await reopened.Sessions.TouchAsync(session.Id, DateTimeOffset.UtcNow, ct));
            Assert.Equal(["disable", "create", "create"], (await reopened.ListAuditAsync(10, ct)).Select(l => l.Action));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<Security.DedicatedApp> StaffAppAsync(CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("emrshare-staff-").FullName;
        var accounts = await AccountStore.OpenAsync(Path.Combine(folder, "web-accounts.db"), ct);
        await accounts.SaveAsync("boss", AdminPassword, Roles.HospitalAdmin, null, ct);
        await accounts.SaveAsync("nurse", ClinicianPassword, Roles.Clinician, 0, ct);
        var log = new Security.LogCollector();
        var app = EmrShareWebApp.Build(new HospitalActor(web.Nodes.A, accounts), new WebAppOptions(), builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.AddProvider(log);
        });
        await app.StartAsync(ct);
        return new Security.DedicatedApp(app, accounts, log, folder);
    }

    private static async Task<HttpResponseMessage> TryTokenAsync(Uri baseAddress, string user, string password, CancellationToken ct, string? code = null)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        return await client.PostAsJsonAsync("api/session/token", new SignInRequest(user, password, code), ct);
    }

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string user, string password, CancellationToken ct)
    {
        using var response = await TryTokenAsync(baseAddress, user, password, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return client;
    }
}
