using EmrShare.Core.Identity;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// The server-side wallet's recovery phrase in a real browser (issue 16 item 12): unlocked with the passphrase
/// (error next to the field when wrong), shown once, confirmed by re-entering words (errors next to the wrong ones,
/// the words not shown again), and checked as a restore: the same pseudonyms as the wallet has. axe on every state.
/// </summary>
public sealed class WalletBackupTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Backup_ShownOnceConfirmedByWordsAndRestoreGivesTheSamePseudonyms()
    {
        var network = fixture.Network;
        var page = await fixture.OpenAsync(network.PatientWeb.BaseAddress, phone: true);
        await Dashboards.SignInAsync(page, null, network.Credentials.PatientPassphrase);
        await page.GotoAsync("patient/backup");
        await Dashboards.ExpectAccessibleAsync(page, "backup");

        await page.GetByTestId("backup-passphrase").FillAsync("not my passphrase");
        await page.GetByTestId("backup-reveal").ClickAsync();
        await Expect(page.GetByTestId("field-error-passphrase")).ToContainTextAsync("not your wallet passphrase");
        await Expect(page.GetByTestId("backup-passphrase")).ToHaveAttributeAsync("aria-invalid", "true");
        await Dashboards.ExpectAccessibleAsync(page, "backup-wrong-passphrase");

        await page.GetByTestId("backup-passphrase").FillAsync(network.Credentials.PatientPassphrase);
        await page.GetByTestId("backup-reveal").ClickAsync();
        await Expect(page.GetByTestId("phrase-word")).ToHaveCountAsync(RecoveryPhrase.WordCount);
        var words = await page.GetByTestId("phrase-word").AllTextContentsAsync();
        await Dashboards.ScreenshotAsync(page, "patient-backup-phrase");
        await Dashboards.ExpectFitsPhoneAsync(page);

        // One word wrong: the error sits next to that field, and the phrase is not shown again.
        var inputs = page.GetByTestId("confirm-word");
        await Expect(inputs).ToHaveCountAsync(3);
        var positions = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var position = int.Parse((await inputs.Nth(i).GetAttributeAsync("data-position"))!, System.Globalization.CultureInfo.InvariantCulture);
            positions.Add(position);
            var right = words[position - 1];
            await inputs.Nth(i).FillAsync(i == 0 ? (right == "abandon" ? "ability" : "abandon") : right);
        }

        await page.GetByTestId("backup-confirm").ClickAsync();
        await Expect(page.GetByTestId($"field-error-word-{positions[0]}")).ToContainTextAsync("does not match");
        await Expect(page.Locator($"#word-{positions[0]}")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("phrase-word")).ToHaveCountAsync(0);
        await Dashboards.ExpectAccessibleAsync(page, "backup-wrong-word");

        for (var i = 0; i < 3; i++)
        {
            await page.Locator($"#word-{positions[i]}").FillAsync(words[positions[i] - 1].ToUpperInvariant());
        }

        await page.GetByTestId("backup-confirm").ClickAsync();
        await Expect(page.GetByTestId("backup-confirmed")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("phrase-word")).ToHaveCountAsync(0);

        // Restore check: the phrase gives back the wallet's own pseudonym at each hospital.
        await page.GetByTestId("restore-phrase").FillAsync(string.Join(' ', words));
        await page.GetByTestId("restore-check").ClickAsync();
        await Expect(page.GetByTestId("restore-result")).ToBeVisibleAsync();
        var shown = await page.GetByTestId("restored-pseudonym").AllTextContentsAsync();
        Assert.NotEmpty(shown);
        foreach (var hospital in new[] { network.HospitalA.Address, network.HospitalB.Address })
        {
            Assert.Contains(shown, line => line.Contains(network.Wallet.PseudonymAt(hospital).Address.ToString(), StringComparison.OrdinalIgnoreCase));
        }

        await Dashboards.ScreenshotAsync(page, "patient-restore-check");

        // Another wallet's (valid) phrase is refused next to the field.
        await page.GetByTestId("restore-phrase").FillAsync(string.Join(' ', RecoveryPhrase.Encode(new byte[32])));
        await page.GetByTestId("restore-check").ClickAsync();
        await Expect(page.GetByTestId("field-error-phrase")).ToContainTextAsync("another wallet");
        await Expect(page.GetByTestId("restore-phrase")).ToHaveAttributeAsync("aria-invalid", "true");
        await Dashboards.ExpectAccessibleAsync(page, "restore-other-wallet");
        await page.Context.CloseAsync();
    }
}
