using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The published wallet on a 390×844 phone: create a wallet, see the phrase once, restore it in a fresh browser
/// profile and get the same pseudonym — while every request either browser sends is recorded, and none may carry
/// the master secret, the phrase, the passphrase or a derived private key.
/// </summary>
[Collection(WalletCollection.Name)]
public sealed class WalletPhoneTests(DashboardFixture browser, WalletHostFixture wallet)
{
    private const string Passphrase = "correct horse battery staple 42";
    private const string RestorePassphrase = "another phone, another passphrase";
    private static readonly ChainAddress HospitalA = ChainAddress.Parse("0xa11ce00000000000000000000000000000000001");

    [Fact]
    public async Task CreateThenRestoreInFreshProfile_SamePseudonym_NoSecretInAnyRequest()
    {
        // Phone 1: create.
        await using var first = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var firstRequests = await RequestRecorder.AttachAsync(first);
        var page = await WalletPages.OpenAsync(first, "go-create");
        await page.GetByTestId("go-create").ClickAsync();
        await page.GetByTestId("new-passphrase").FillAsync(Passphrase);
        await page.GetByTestId("confirm-passphrase").FillAsync(Passphrase);
        await page.GetByTestId("create-secret").ClickAsync();
        var words = (await page.GetByTestId("phrase-word").AllInnerTextsAsync()).Select(w => w.Trim()).ToArray();
        Assert.Equal(24, words.Length);
        await Dashboards.ScreenshotAsync(page, "wallet-phone-recovery-phrase");
        await page.GetByTestId("phrase-written").ClickAsync();
        var checks = page.GetByTestId("check-word");
        Assert.Equal(3, await checks.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            var position = int.Parse(await checks.Nth(i).GetAttributeAsync("data-position") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            await checks.Nth(i).FillAsync(words[position - 1]);
        }

        await page.GetByTestId("check-phrase").ClickAsync();
        var created = await PseudonymAtAsync(page, HospitalA);
        await Expect(page.GetByTestId("vault-kdf")).ToContainTextAsync("600,000");
        await Dashboards.ScreenshotAsync(page, "wallet-phone-pseudonym");

        // The phrase is the master secret: Core on the server side of the test derives the same pseudonym.
        var masterSecret = RecoveryPhrase.Decode(string.Join(' ', words));
        using var identity = PatientIdentity.FromMasterSecret(masterSecret);
        Assert.Equal(identity.PseudonymAt(HospitalA).Address.Lower, created.ToLowerInvariant());
        await Expect(page.GetByTestId("index-address")).ToHaveTextAsync(identity.IndexKey().Address().ToString());

        // The vault opens with the passphrase and only with it.
        await page.GetByTestId("lock").ClickAsync();
        await page.GetByTestId("unlock-passphrase").FillAsync("not the passphrase at all");
        await page.GetByTestId("unlock").ClickAsync();
        await Expect(page.GetByTestId("unlock-error")).ToBeVisibleAsync();
        await page.GetByTestId("unlock-passphrase").FillAsync(Passphrase);
        await page.GetByTestId("unlock").ClickAsync();
        Assert.Equal(created, await PseudonymAtAsync(page, HospitalA));

        // Phone 2: a fresh profile (no IndexedDB, no cache) restores from the words alone.
        await using var second = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var secondRequests = await RequestRecorder.AttachAsync(second);
        var restorePage = await WalletPages.OpenAsync(second, "go-restore");
        await restorePage.GetByTestId("go-restore").ClickAsync();
        await restorePage.GetByTestId("restore-phrase").FillAsync(string.Join(' ', words));
        await restorePage.GetByTestId("new-passphrase").FillAsync(RestorePassphrase);
        await restorePage.GetByTestId("confirm-passphrase").FillAsync(RestorePassphrase);
        await restorePage.GetByTestId("restore").ClickAsync();
        Assert.Equal(created, await PseudonymAtAsync(restorePage, HospitalA));

        // Nothing secret in any URL, header or body either phone sent.
        Assert.Contains(firstRequests.Requests, r => r.Contains("_framework/", StringComparison.Ordinal)); // the recorder saw the app load
        var secrets = new List<string>
        {
            Convert.ToHexStringLower(masterSecret), Convert.ToBase64String(masterSecret),
            Passphrase, Uri.EscapeDataString(Passphrase), RestorePassphrase, Uri.EscapeDataString(RestorePassphrase),
            Convert.ToHexStringLower(identity.PseudonymKey(HospitalA).ToBytes32()),
            Convert.ToHexStringLower(identity.IndexKey().ToBytes32()),
            Convert.ToHexStringLower(identity.IdentityKey.ToBytes32()),
        };
        for (var i = 0; i + 2 < words.Length; i++)
        {
            secrets.Add(string.Join(' ', words[i..(i + 3)])); // any three consecutive words
            secrets.Add(string.Join("%20", words[i..(i + 3)]));
            secrets.Add(string.Join('+', words[i..(i + 3)]));
        }

        foreach (var secret in secrets)
        {
            var leaks = firstRequests.Containing(secret).Concat(secondRequests.Containing(secret)).ToList();
            Assert.True(leaks.Count == 0, $"a request carried a secret: {string.Join(", ", leaks)}");
        }
    }

    [Fact]
    public async Task Restore_WrongChecksum_RefusedAndNothingStored()
    {
        await using var context = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var page = await WalletPages.OpenAsync(context, "go-restore");
        await page.GetByTestId("go-restore").ClickAsync();
        await page.GetByTestId("restore-phrase").FillAsync(string.Join(' ', Enumerable.Repeat("abandon", 24)));
        await page.GetByTestId("new-passphrase").FillAsync(RestorePassphrase);
        await page.GetByTestId("confirm-passphrase").FillAsync(RestorePassphrase);
        await page.GetByTestId("restore").ClickAsync();

        await Expect(page.GetByTestId("restore-error")).ToContainTextAsync("checksum");
        await page.GotoAsync("./");
        await Expect(page.GetByTestId("go-create")).ToBeVisibleAsync(new() { Timeout = WalletPages.BootTimeout });
    }

    [Fact]
    public async Task Manifest_InstallableFields_AndServiceWorkerServesTheShellOffline()
    {
        await using var context = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var page = await WalletPages.OpenAsync(context, "go-create");
        var manifest = await page.EvaluateAsync<string>("async () => JSON.stringify(await (await fetch(document.querySelector('link[rel=manifest]').href)).json())");
        Assert.Contains("\"display\":\"standalone\"", manifest, StringComparison.Ordinal);
        Assert.Contains("\"sizes\":\"512x512\"", manifest, StringComparison.Ordinal);
        Assert.Contains("\"sizes\":\"192x192\"", manifest, StringComparison.Ordinal);

        // Once the worker has cached the shell, a reload with the network cut still boots the wallet.
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null || (location.reload(), false)", null, new() { Timeout = WalletPages.BootTimeout, PollingInterval = 2000 });
        await page.GetByTestId("go-create").WaitForAsync(new() { Timeout = WalletPages.BootTimeout });
        await context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("go-create")).ToBeVisibleAsync(new() { Timeout = WalletPages.BootTimeout });
    }

    private static async Task<string> PseudonymAtAsync(IPage page, ChainAddress hospital)
    {
        await page.GetByTestId("hospital-address").FillAsync(hospital.Lower);
        await page.GetByTestId("derive-pseudonym").ClickAsync();
        var text = (await page.GetByTestId("pseudonym-address").InnerTextAsync()).Trim();
        Assert.Matches("^0x[0-9a-fA-F]{40}$", text);
        return text;
    }
}
