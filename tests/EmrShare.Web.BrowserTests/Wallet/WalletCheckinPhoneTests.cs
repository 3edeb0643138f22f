using System.Text;
using System.Text.RegularExpressions;
using EmrShare.Cli.Commands;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Nodes.Deployment;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// Issue 17 items 3–4 on a 390×844 phone against a real hospital host: the desk's dashboard shows a check-in code;
/// the published wallet (a different origin, admitted by the hospital's Cors:WalletOrigins) checks in by the pasted
/// code with its own pseudonym key, collects the record the hospital then writes, reads it (key unwrapped and
/// envelope decrypted in the browser), keeps it, and shows it again after an offline reload. Every request the phone
/// sends is recorded: none carries a key, the passphrase or any of the record's plaintext.
/// </summary>
[Collection(WalletCollection.Name)]
public sealed class WalletCheckinPhoneTests(DashboardFixture browser, WalletHostFixture wallet) : IAsyncLifetime
{
    private const string Passphrase = "desk check-in passphrase 7";
    private const string DeskUser = "desk.clerk";
    private const string DeskPassword = "desk clerk password 1";

    // A fictitious patient whose name appears only inside the encrypted record.
    private const string GivenName = "Zephyrine";
    private const string FamilyName = "Quillfeather";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "emrshare-wallet-checkin-" + Guid.NewGuid().ToString("N")[..8]);
    private DemoWebNetwork _network = null!;
    private EmrShareWebApp _hospital = null!;
    private SameOriginWalletHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _network = await DemoWebNetwork.StartAsync(new DemoWebOptions(_data) { LoadDemoData = true, KeystoreScryptN = 1024 }, ct);
        var accounts = await AccountStore.OpenAsync(Path.Combine(_data, "desk-accounts.db"), ct);
        await accounts.SaveAsync(DeskUser, DeskPassword, Roles.Clinician, 0, ct);
        // The wallet is served with the Center's public routes on its own origin: at check-in it asks the Center's
        // network description and the Registry (through /rpc) whether the desk's code names an active hospital (review S4).
        _host = await SameOriginWalletHost.StartAsync(wallet.WebRoot, _network.CenterWeb.BaseAddress);
        var walletOrigin = _host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var service = new ServiceOptions { Listen = [new Uri("http://127.0.0.1:0")], InsecureHttp = true, WalletOrigins = [walletOrigin] };
        _hospital = await EmrShareWebApp.StartAsync(new HospitalActor(_network.HospitalA, accounts) { Names = _network.Names }, new WebAppOptions { Service = service }, ct);
        _host.AllowConnect(_hospital.BaseAddress);
    }

    [Fact]
    public async Task CheckInByPastedCode_RecordCollectedReadKeptAndShownOffline_NoKeyOrPlaintextInAnyRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var phone = await WalletPages.NewPhoneContextAsync(browser.Browser, _host.BaseAddress);
        var requests = await RequestRecorder.AttachAsync(phone);
        var page = await WalletPages.OpenAsync(phone, "go-create");
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => console.Enqueue(message.Type + ": " + message.Text);
        var words = await CreateWalletAsync(page);
        var masterSecret = RecoveryPhrase.Decode(string.Join(' ', words));
        using var identity = PatientIdentity.FromMasterSecret(masterSecret);
        var hospitalA = _network.HospitalA.Address;

        // The Center enrols this patient (pseudonyms at A and B) from the wallet's registration request.
        await _network.Enrolment.EnqueueAsync(PatientRegistrationRequest.Prove(identity, [hospitalA, _network.HospitalB.Address], Hash32.FromBytes(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
            _network.HospitalA.HandshakeChainId, ChainAddress.Parse(_network.Center.Addresses.Registry), TimeProvider.System), ct);
        await _network.Enrolment.EnrolNowAsync(belowRoundSize: true, ct);

        // The desk shows its check-in code; the patient pastes it (the camera path needs a real camera).
        var desk = await browser.OpenAsync(_hospital.BaseAddress);
        await Dashboards.SignInAsync(desk, DeskUser, DeskPassword);
        await desk.GotoAsync("hospital");
        await Expect(desk.GetByTestId("checkin-qr")).ToBeVisibleAsync();
        var code = (await desk.GetByTestId("checkin-code").TextContentAsync())!.Trim();
        var deskChallenge = (await desk.GetByTestId("checkin-challenge").TextContentAsync())!.Trim();
        Assert.StartsWith("emrshare-checkin:v1?", code, StringComparison.Ordinal);
        await Dashboards.ScreenshotAsync(desk, "hospital-checkin-qr");

        await page.GetByTestId("nav-checkin").ClickAsync();

        // Review S4: a code naming a hospital the Registry does not list, or another chain, is refused in words before
        // any handshake (the fakes never reach the hospital, so the desk's code stays unused).
        var unknownHospital = "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        await ExpectCheckInRefusedAsync(page, Regex.Replace(code, "hospital=0x[0-9a-fA-F]{40}", "hospital=" + unknownHospital), "not registered with the Center");
        await ExpectCheckInRefusedAsync(page, Regex.Replace(code, "chain=[0-9]+", "chain=999"), "another network");

        await page.GetByTestId("checkin-paste").FillAsync(code);
        await page.GetByTestId("checkin-submit").ClickAsync();
        try
        {
            // Not "digits or error": the refusals above left an error on the page until this check-in re-renders it.
            await page.GetByTestId("checkin-confirmation").WaitForAsync(new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("the check-in was refused: " + string.Join(" ", await page.GetByTestId("checkin-error").AllInnerTextsAsync()) + "\n" + string.Join("\n", console));
        }

        // Review finding 6: pending until the clerk types the six digits this phone shows; nothing is bound before.
        await Expect(page.GetByTestId("checkin-challenge")).ToHaveTextAsync(deskChallenge);
        var digits = (await page.GetByTestId("checkin-confirmation").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9]{6}$", digits);
        Assert.Null(await _network.HospitalA.Database.FindPatientByPseudonymAsync(identity.PseudonymAt(hospitalA).Address.Lower, ct));
        await desk.GetByTestId("checkin-confirm-digits").FillAsync(digits);
        await desk.GetByTestId("checkin-confirm").ClickAsync();
        await Expect(desk.GetByTestId("checkin-confirm-result")).ToContainTextAsync("Checked in:");
        await page.GetByTestId("checkin-local-id").WaitForAsync(new() { Timeout = 60_000 });

        var localId = (await page.GetByTestId("checkin-local-id").InnerTextAsync()).Trim();
        await Expect(page.GetByTestId("checkin-challenge")).ToHaveTextAsync(deskChallenge);
        await Expect(desk.GetByTestId("checkin-confirm-result")).ToContainTextAsync(localId);
        Assert.NotNull(await _network.HospitalA.Database.FindPatientByPseudonymAsync(identity.PseudonymAt(hospitalA).Address.Lower, ct));

        // The desk's challenge is bound into the handshake and single use: the same code again is refused by the hospital.
        await ExpectCheckInRefusedAsync(page, code, "already used");

        // A practitioner writes a record for this patient; the phone collects it in the same visit.
        var content = DemoWebSample.Json.Replace("\"Rivera\"", $"\"{FamilyName}\"", StringComparison.Ordinal).Replace("\"Alma\"", $"\"{GivenName}\"", StringComparison.Ordinal);
        await _network.HospitalA.CreateRecordAsync(localId, Encoding.UTF8.GetBytes(content), "application/fhir+json", _network.HospitalA.Keys.PractitionerAddresses[0], ct);
        await page.GetByTestId("collect").ClickAsync();
        await Expect(page.GetByTestId("collect-count")).ToContainTextAsync("1 new record");
        await page.GetByTestId("go-records").ClickAsync();
        await Expect(page.GetByTestId("record-title")).ToHaveTextAsync("Diabetes follow-up");
        await Expect(page.GetByTestId("record-date")).ToHaveTextAsync("2026-11-02");
        await page.GetByTestId("record-read").ClickAsync();
        await Expect(page.GetByTestId("record-view")).ToContainTextAsync($"Patient: {GivenName} {FamilyName}");
        await Expect(page.GetByTestId("record-view")).ToContainTextAsync("Metformin 500 MG Oral Tablet — 1 tablet twice daily with meals");
        await page.GetByTestId("record-keep").ClickAsync();
        await Expect(page.GetByTestId("record-kept")).ToBeVisibleAsync();

        // Review S4: a record whose manifest was signed by a practitioner the Registry no longer lists as active is
        // refused in words, and nothing lands on the device (the index still holds the one record).
        var practitioner = _network.HospitalA.Keys.PractitionerAddresses[0];
        await _network.Center.DeactivatePractitionerAsync(practitioner, ct);
        await _network.HospitalA.CreateRecordAsync(localId, Encoding.UTF8.GetBytes(content), "application/fhir+json", practitioner, ct);
        await page.GetByTestId("nav-checkin").ClickAsync();
        await page.GetByTestId("collect").ClickAsync();
        await Expect(page.GetByTestId("checkin-error")).ToContainTextAsync("none of its registered practitioners signed", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("collect-count")).ToHaveCountAsync(0);
        await page.GetByTestId("nav-records").ClickAsync();
        await Expect(page.GetByTestId("record-title")).ToHaveCountAsync(1);
        await WalletPages.AssertNoCspViolationsAsync(page);
        await Dashboards.ExpectFitsPhoneAsync(page);
        await Dashboards.ScreenshotAsync(page, "wallet-phone-record");

        // Offline: once the service worker controls the page, a reload with the network cut shows the kept record.
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null || (location.reload(), false)", null, new() { Timeout = WalletPages.BootTimeout, PollingInterval = 2000 });
        await phone.SetOfflineAsync(true);
        await page.ReloadAsync();
        await page.GetByTestId("unlock-passphrase").FillAsync(Passphrase, new() { Timeout = WalletPages.BootTimeout });
        await page.GetByTestId("unlock").ClickAsync();
        await page.GetByTestId("nav-records").ClickAsync();
        await Expect(page.GetByTestId("record-kept")).ToBeVisibleAsync();
        await page.GetByTestId("record-read").ClickAsync();
        await Expect(page.GetByTestId("record-view")).ToContainTextAsync($"Patient: {GivenName} {FamilyName}");
        await WalletPages.AssertNoCspViolationsAsync(page);

        // The recorder saw the cross-origin visit traffic, and nothing secret in any of it.
        Assert.Contains(requests.Requests, r => r.StartsWith("POST " + _hospital.BaseAddress + "v1/visit/envelope", StringComparison.Ordinal));
        var secrets = new List<string>
        {
            Convert.ToHexStringLower(masterSecret), Convert.ToBase64String(masterSecret), Passphrase, Uri.EscapeDataString(Passphrase),
            Convert.ToHexStringLower(identity.PseudonymKey(hospitalA).ToBytes32()), Convert.ToBase64String(identity.PseudonymKey(hospitalA).ToBytes32()),
            Convert.ToHexStringLower(identity.IndexKey().ToBytes32()), Convert.ToHexStringLower(identity.IdentityKey.ToBytes32()),
            Convert.ToHexStringLower(System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, identity.IndexKey().ToBytes32(), 32, [], Encoding.UTF8.GetBytes("emrshare-wallet-device-store/v1"))), // the device-store key (Wallet/Records/DeviceStore.cs)
            GivenName, FamilyName, "Diabetes follow-up", "Metformin", "A-100234",
            string.Join(' ', words[..3]),
        };
        foreach (var secret in secrets)
        {
            var leaks = requests.Containing(secret).ToList();
            Assert.True(leaks.Count == 0, $"a request from the phone carried a secret or plaintext: {string.Join(", ", leaks)}");
        }
    }

    private static async Task ExpectCheckInRefusedAsync(IPage page, string code, string because)
    {
        await page.GetByTestId("checkin-paste").FillAsync(code);
        await page.GetByTestId("checkin-submit").ClickAsync();
        await Expect(page.GetByTestId("checkin-error")).ToContainTextAsync(because, new() { Timeout = 60_000 });
    }

    private static async Task<string[]> CreateWalletAsync(IPage page)
    {
        await page.GetByTestId("go-create").ClickAsync();
        await page.GetByTestId("new-passphrase").FillAsync(Passphrase);
        await page.GetByTestId("confirm-passphrase").FillAsync(Passphrase);
        await page.GetByTestId("create-secret").ClickAsync();
        var words = (await page.GetByTestId("phrase-word").AllInnerTextsAsync()).Select(w => w.Trim()).ToArray();
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

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_hospital is not null)
        {
            await _hospital.DisposeAsync();
        }

        if (_network is not null)
        {
            await _network.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing SQLite connection only leaves a temp folder behind.
        }
    }
}
