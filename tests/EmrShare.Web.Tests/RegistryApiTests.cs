using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Auth;
using EmrShare.Web.Services;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// The Center's registry list (issue 16 #14): names and status of every hospital and practitioner, and deactivation
/// only by a signed-in Center admin, with antiforgery on the dashboard form and an audit line per deactivation.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class RegistryApiTests(WebNetwork web)
{
    [Fact]
    public async Task Registry_RegisteredHospitalAndPractitioner_ListedByNameActive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (hospital, practitioner) = await RegisterAsync("Hospital Registry List", ct);
        var admin = web.Client(web.Center, Role.CenterAdmin);

        var list = await admin.GetFromJsonAsync<List<RegistryEntryView>>("api/registry", ApiCalls.Json, ct);

        var h = Assert.Single(list!, e => e.Address == hospital);
        Assert.Equal(("hospital", "Hospital Registry List", true), (h.Kind, h.Name, h.Active));
        var p = Assert.Single(list!, e => e.Address == practitioner);
        Assert.Equal(("practitioner", hospital, "Hospital Registry List", true), (p.Kind, p.Hospital, p.HospitalName, p.Active));
        Assert.Contains(list!, e => e.Address == web.Nodes.A.Address.ToString().ToLowerInvariant() && e.Kind == "hospital");
    }

    [Fact]
    public async Task DeactivateHospital_Admin_ListShowsDeactivatedAndAuditNamesAdmin()
    {
        var ct = TestContext.Current.CancellationToken;
        var (hospital, _) = await RegisterAsync("Hospital To Close", ct);
        var admin = web.Client(web.Center, Role.CenterAdmin);

        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/hospitals/{hospital}", ct), HttpStatusCode.OK, ct);

        var list = await admin.GetFromJsonAsync<List<RegistryEntryView>>("api/registry", ApiCalls.Json, ct);
        Assert.False(Assert.Single(list!, e => e.Address == hospital).Active);
        var audit = await admin.GetFromJsonAsync<List<AccountAuditLine>>("api/staff/audit", ApiCalls.Json, ct);
        Assert.Contains(audit!, l => l.Action == "deactivate-hospital" && l.Account == hospital && l.Actor == "admin");
    }

    [Fact]
    public async Task DeactivateHospital_NotCenterAdmin_RefusedAndStillActive()
    {
        var ct = TestContext.Current.CancellationToken;
        var (hospital, practitioner) = await RegisterAsync("Hospital Kept Open", ct);

        await ApiCalls.ExpectAsync(await web.Client(web.Center, null).DeleteAsync($"api/hospitals/{hospital}", ct), HttpStatusCode.Unauthorized, ct);
        var hospitalStaff = web.Client(web.Center, null);
        hospitalStaff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", web.Tokens[Role.HospitalAdmin]);
        await ApiCalls.ExpectAsync(await hospitalStaff.DeleteAsync($"api/practitioners/{practitioner}", ct), HttpStatusCode.Unauthorized, ct);
        await ApiCalls.ExpectAsync(await web.Client(web.Center, null).GetAsync("api/registry", ct), HttpStatusCode.Unauthorized, ct);

        Assert.True(await web.Nodes.Center.Chain.Registry.IsActiveHospitalAsync(hospital, ct));
        Assert.True((await web.Nodes.Center.Chain.Registry.GetPractitionerAsync(practitioner, ct)).Active);
    }

    [Fact]
    public async Task RegistryPage_DeactivateWithoutThenWithAntiforgery_RefusedThenDeactivated()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, practitioner) = await RegisterAsync("Hospital Form Post", ct);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = web.Center.BaseAddress };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", web.Tokens[Role.CenterAdmin]);
        var page = await browser.GetStringAsync("center/registry", ct);
        Assert.Contains(practitioner, page, StringComparison.Ordinal);

        var fields = new Dictionary<string, string> { ["_handler"] = "deactivate-practitioner", ["address"] = practitioner };
        using var forged = await browser.PostAsync("center/registry", new FormUrlEncodedContent(fields), ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True((await web.Nodes.Center.Chain.Registry.GetPractitionerAsync(practitioner, ct)).Active);

        fields["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value;
        using var posted = await browser.PostAsync("center/registry", new FormUrlEncodedContent(fields), ct);
        var answer = await posted.Content.ReadAsStringAsync(ct);
        Assert.True(posted.StatusCode == HttpStatusCode.OK, answer);
        Assert.False((await web.Nodes.Center.Chain.Registry.GetPractitionerAsync(practitioner, ct)).Active);
        Assert.Contains("deactivated", answer, StringComparison.Ordinal);
    }

    /// <summary>Registers a fresh hospital by name and one practitioner through the API; returns their lower-case addresses.</summary>
    private async Task<(string Hospital, string Practitioner)> RegisterAsync(string name, CancellationToken ct)
    {
        var admin = web.Client(web.Center, Role.CenterAdmin);
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        var hospital = keys.Address.ToString().ToLowerInvariant();
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/hospitals", new RegisterHospitalRequest(hospital, HexBytes.ToHex(keys.EncryptionPublicKey), name), ct), HttpStatusCode.Created, ct);
        var practitioner = PrivateKeys.FromScalar(Secp256k1.NewAccountKey()).Address().ToString().ToLowerInvariant();
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/practitioners", new RegisterPractitionerRequest(practitioner, hospital), ct), HttpStatusCode.Created, ct);
        return (hospital, practitioner);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
