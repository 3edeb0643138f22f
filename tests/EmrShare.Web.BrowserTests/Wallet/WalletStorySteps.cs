using System.Net;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Chain;
using EmrShare.Cli.Commands;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Core.Signing;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes.Patient;
using EmrShare.Nodes.Transport;
using Hl7.Fhir.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Task = System.Threading.Tasks.Task;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>Steps of the phone wallet's chain story that are not the phone's own pages.</summary>
internal static class WalletStorySteps
{
    /// <summary>Creates a wallet on the phone (phrase shown once, three words checked) and returns the 24 words.</summary>
    public static async Task<string[]> CreateWalletAsync(IPage page, string passphrase)
    {
        await page.GetByTestId("go-create").ClickAsync();
        await page.GetByTestId("new-passphrase").FillAsync(passphrase);
        await page.GetByTestId("confirm-passphrase").FillAsync(passphrase);
        await page.GetByTestId("create-secret").ClickAsync();
        var words = (await page.GetByTestId("phrase-word").AllInnerTextsAsync()).Select(w => w.Trim()).ToArray();
        Assert.Equal(24, words.Length);
        await page.GetByTestId("phrase-written").ClickAsync();
        var checks = page.GetByTestId("check-word");
        for (var i = 0; i < await checks.CountAsync(); i++)
        {
            var position = int.Parse(await checks.Nth(i).GetAttributeAsync("data-position") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            await checks.Nth(i).FillAsync(words[position - 1]);
        }

        await page.GetByTestId("check-phrase").ClickAsync();
        await Expect(page.GetByTestId("index-address")).ToBeVisibleAsync();
        return words;
    }

    /// <summary>The Center's admin pastes the phone's code into the register-patient form and forces the round (one patient).</summary>
    public static async Task RegisterAtCenterDeskAsync(DashboardFixture browser, DemoWebNetwork network, string code)
    {
        var center = await browser.OpenAsync(network.CenterWeb.BaseAddress);
        try
        {
            await Dashboards.SignInAsync(center, network.Credentials.CenterUser, network.Credentials.CenterPassword);
            await center.GetByTestId("nav-registrations").ClickAsync();
            await center.GetByTestId("patient-request").FillAsync(code);
            await center.GetByTestId("register-patient").ClickAsync();
            await Expect(center.GetByTestId("success")).ToContainTextAsync("Patient queued for enrolment");
            await center.GetByTestId("enrol-below-k").CheckAsync();
            await center.GetByTestId("enrol-round").ClickAsync();
            await Expect(center.GetByTestId("success")).ToContainTextAsync("enrolled 1 patient(s)");
        }
        finally
        {
            await center.Context.CloseAsync();
        }
    }

    /// <summary>Checks in at A with the phone's identity (Core handshake, server side) and has A's practitioner write a record.</summary>
    public static async Task<RecordId> CheckInAndCreateRecordAsync(DemoWebNetwork network, PatientIdentity phone, string patientName, string data, CancellationToken ct)
    {
        var secret = phone.ExportMasterSecret();
        using var wallet = await PatientWallet.OpenAsync(Path.Combine(data, "phone-checkin"), PatientIdentity.FromMasterSecret(secret), network.Center.ChainAccessUsed,
            network.Center.Addresses, TimeProvider.System, ct);
        CryptographicOperations.ZeroMemory(secret);
        var a = network.HospitalA;
        using var visit = await wallet.BeginVisitAsync(new InProcessHospitalEndpoint(a), a.Address, ct);
        var json = $$"""{"resourceType":"Observation","status":"final","code":{"text":"Blood pressure"},"subject":{"display":"{{patientName}}"},"valueString":"120/80"}""";
        var created = await a.CreateRecordAsync(visit.LocalPatientId, Encoding.UTF8.GetBytes(json), "application/fhir+json", a.Keys.PractitionerAddresses[0], ct);
        return created.RecordId;
    }

    /// <summary>
    /// A grant naming the phone's pseudonym but signed with another key, sent to the relay exactly as the phone sends
    /// one: refused with 422 by the relay's own signature check (so it never costs the Center gas).
    /// </summary>
    public static async Task ExpectForgedGrantRefusedAsync(Uri walletOrigin, DemoWebNetwork network, ChainAddress pseudonym, ChainAddress grantee, CancellationToken ct)
    {
        var domain = Eip712Domain.AccessControl((ulong)network.Center.ChainAccessUsed.ChainId, ChainAddress.Parse(network.Center.Addresses.AccessControl));
        var grant = new Grant(new Pseudonym(pseudonym), grantee, Hash32.Zero, GrantPurpose.Treatment,
            (ulong)DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        var forged = Eip712.Sign(domain, grant, PrivateKeys.FromScalar(Secp256k1.NewAccountKey()));
        using var http = new HttpClient { BaseAddress = walletOrigin };
        using var body = new ByteArrayContent(NodeJson.ToUtf8(forged));
        body.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync("v1/relay/grants", body, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("SignatureInvalidException", text, StringComparison.Ordinal);
    }

    /// <summary>Waits for <paramref name="testId"/>; if the page shows <paramref name="errorTestId"/> or Blazor's error bar instead, fails with what it says and the console.</summary>
    public static async Task ExpectShownAsync(IPage page, string testId, string errorTestId, IEnumerable<string> console)
    {
        var any = page.GetByTestId(testId).Or(page.GetByTestId(errorTestId)).Or(page.Locator("#blazor-error-ui:visible"));
        await any.First.WaitForAsync(new() { Timeout = 90_000 });
        if (!await page.GetByTestId(testId).First.IsVisibleAsync() || await page.GetByTestId(errorTestId).IsVisibleAsync())
        {
            var shown = await page.GetByTestId(errorTestId).AllInnerTextsAsync();
            Assert.Fail($"{testId} not shown: {string.Join(" | ", shown)}\nconsole:\n{string.Join('\n', console)}");
        }
    }

    /// <summary>The exported file parses and validates as a FHIR R4 Bundle of <paramref name="events"/> AuditEvents.</summary>
    public static void ExpectAuditBundle(string json, int events)
    {
        var codec = new FhirCodec(FhirRecordPolicy.AnyType);
        var bundle = Assert.IsType<Bundle>(codec.Parse(json, FhirFormat.Json));
        codec.EnsureValid(bundle);
        Assert.Equal(events, bundle.Entry.Count);
        Assert.All(bundle.Entry, e => Assert.IsType<AuditEvent>(e.Resource));
        Assert.Contains(bundle.Entry, e => e.Resource is AuditEvent audit && audit.Subtype.Any(s => s.Code == nameof(PatientAuditKind.BreakGlassAccessed)));
    }
}
