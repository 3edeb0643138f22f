using EmrShare.Chain;
using EmrShare.Cli.Commands;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using EmrShare.Nodes.Hospital;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The phone wallet's chain story on a 390×844 phone against a real Center host and the embedded EVM: create a wallet →
/// its registration code (QR and text) → the Center's desk registers it → grant B, signed in the browser and relayed by
/// the Center → the chain shows it → the access log tells it in the patient's words → revoke with confirmation →
/// a practitioner's break-glass read appears as an alert → the FHIR AuditEvent export. Every request the phone sends is
/// recorded: none may carry the master secret, the passphrase, a private key or the record's plaintext.
/// </summary>
[Collection(WalletCollection.Name)]
public sealed class WalletChainStoryTests(DashboardFixture browser, WalletHostFixture wallet, WalletChainFixture chain) : IClassFixture<WalletChainFixture>
{
    private const string Passphrase = "a phone passphrase for the chain story";
    private const string PatientName = "Henrietta Quillfeather";

    private DemoWebNetwork Network => chain.Network;

    [Fact]
    public async Task GrantRevokeBreakGlass_SignedOnPhone_ChainAndLogAgree_NoSecretInAnyRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await SameOriginWalletHost.StartAsync(wallet.WebRoot, Network.CenterWeb.BaseAddress);
        await using var phone = await WalletPages.NewPhoneContextAsync(browser.Browser, host.BaseAddress);
        var requests = await RequestRecorder.AttachAsync(phone);
        var page = await WalletPages.OpenAsync(phone, "go-create");
        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, m) => console.Enqueue(m.Type + ": " + m.Text);
        var words = await WalletStorySteps.CreateWalletAsync(page, Passphrase);
        var masterSecret = RecoveryPhrase.Decode(string.Join(' ', words));
        using var identity = PatientIdentity.FromMasterSecret(masterSecret);
        var a = Network.HospitalA.Address;
        var b = Network.HospitalB.Address;
        var pseudonymA = identity.PseudonymAt(a).Address;

        // Registration code: QR and text, with this phone's pseudonyms; the Center's desk pastes it and enrols.
        await page.GetByTestId("nav-registration").ClickAsync();
        var code = (await page.GetByTestId("registration-code").InputValueAsync()).Trim();
        await Expect(page.GetByTestId("registration-qr")).ToBeVisibleAsync();
        Assert.Contains(pseudonymA.ToString(), code, StringComparison.OrdinalIgnoreCase);
        await Dashboards.ExpectFitsPhoneAsync(page);
        await Dashboards.ScreenshotAsync(page, "wallet-phone-registration-qr");
        await WalletStorySteps.RegisterAtCenterDeskAsync(browser, Network, code);
        Assert.True(await Network.Center.Chain.Registry.IsPatientPseudonymAsync(pseudonymA.ToString(), ct));

        // A record at A (the check-in itself is another page's story: done here with the same identity and Core).
        var recordId = await WalletStorySteps.CheckInAndCreateRecordAsync(Network, identity, PatientName, chain.DataDirectory, ct);

        // Grant B, signed in the browser; the chain shows it.
        await page.GetByTestId("nav-grants").ClickAsync();
        await WalletStorySteps.ExpectShownAsync(page, "grant-custodian", "grant-error", console);
        await page.GetByTestId("grant-custodian").SelectOptionAsync(new SelectOptionValue { Label = "Hospital A" });
        await page.GetByTestId("grant-grantee").SelectOptionAsync(new SelectOptionValue { Label = "Hospital B" });
        await page.GetByTestId("grant-days").FillAsync("30");
        await page.GetByTestId("grant-submit").ClickAsync();
        await WalletStorySteps.ExpectShownAsync(page, "grant-status", "grant-error", console);
        await Expect(page.GetByTestId("grant-status")).ToContainTextAsync("Shared with Hospital B");
        var history = await Network.Center.Chain.AccessControl.GetPatientHistoryAsync(pseudonymA.ToString(), ct);
        var created = Assert.Single(history, e => e.Kind == PatientAuditKind.GrantCreated);
        Assert.Equal(b, ChainAddress.Parse(created.Counterparty!));
        var grant = new GrantRef(b.ToString(), created.GrantId!.Value, Bytes32.Zero);
        Assert.False((await Network.Center.Chain.AccessControl.GetGrantAsync(grant, ct)).Revoked);
        await WalletStorySteps.ExpectShownAsync(page, "grant-row", "grant-error", console);
        await Expect(page.GetByTestId("grant-row")).ToHaveCountAsync(1);
        await Dashboards.ScreenshotAsync(page, "wallet-phone-grants");

        // A grant signed with another key is refused before it costs gas, and the chain has no new grant.
        await WalletStorySteps.ExpectForgedGrantRefusedAsync(host.BaseAddress, Network, pseudonymA, b, ct);
        Assert.Single(await Network.Center.Chain.AccessControl.GetPatientHistoryAsync(pseudonymA.ToString(), ct), e => e.Kind == PatientAuditKind.GrantCreated);

        // The access log, in the patient's words.
        await page.GetByTestId("nav-access-log").ClickAsync();
        await Expect(page.GetByTestId("log-entry").First).ToContainTextAsync("You gave Hospital B access to everything Hospital A holds about you.");

        // Revoke asks first, and says B keeps what it already received.
        await page.GetByTestId("nav-grants").ClickAsync();
        await page.GetByTestId("revoke").ClickAsync();
        await Expect(page.GetByTestId("revoke-confirm")).ToContainTextAsync("It keeps what it already received.");
        await page.GetByTestId("revoke-confirm-yes").ClickAsync();
        await Expect(page.GetByTestId("grant-status")).ToContainTextAsync("Revoked.", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("grant-state")).ToHaveTextAsync("revoked");
        Assert.True((await Network.Center.Chain.AccessControl.GetGrantAsync(grant, ct)).Revoked);

        // A practitioner at A opens the record in an emergency: the wallet shows it as an alert.
        await Network.HospitalA.Reader.ReadAsync(recordId, new RecordReadRequest("dr.emergency", StaffRole.Clinician, "test", Network.HospitalA.Keys.PractitionerAddresses[0], 2), ct);
        await page.GetByTestId("nav-access-log").ClickAsync();
        await Expect(page.GetByTestId("breakglass-alert")).ToContainTextAsync("in an emergency, without your grant (life-threatening emergency)");
        await Expect(page.GetByTestId("log-entry")).ToHaveCountAsync(3);
        await Dashboards.ExpectFitsPhoneAsync(page);
        await Dashboards.ScreenshotAsync(page, "wallet-phone-breakglass-alert");

        // The export is a FHIR Bundle of AuditEvents made on the phone, one per chain event; the server's FHIR codec accepts it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-audit").ClickAsync());
        var exported = await File.ReadAllTextAsync(await download.PathAsync(), ct);
        WalletStorySteps.ExpectAuditBundle(exported, 3);

        // The whole chain story ran under the wallet's Content-Security-Policy without a blocked load.
        await WalletPages.AssertNoCspViolationsAsync(page);

        // Nothing secret, and no plaintext, left the phone.
        Assert.Contains(requests.Requests, r => r.Contains("/v1/relay/grants", StringComparison.Ordinal));
        Assert.Contains(requests.Requests, r => r.Contains("/rpc", StringComparison.Ordinal));
        var secrets = new List<string>
        {
            Convert.ToHexStringLower(masterSecret), Convert.ToBase64String(masterSecret), Passphrase, Uri.EscapeDataString(Passphrase), PatientName,
            Convert.ToHexStringLower(identity.PseudonymKey(a).ToBytes32()), Convert.ToHexStringLower(identity.PseudonymKey(b).ToBytes32()),
            Convert.ToHexStringLower(identity.IndexKey().ToBytes32()), Convert.ToHexStringLower(identity.IdentityKey.ToBytes32()),
        };
        secrets.AddRange(Enumerable.Range(0, words.Length - 2).Select(i => string.Join(' ', words[i..(i + 3)])));
        foreach (var secret in secrets)
        {
            var leaks = requests.Containing(secret).ToList();
            Assert.True(leaks.Count == 0, $"a request carried a secret: {string.Join(", ", leaks)}");
        }
    }
}
