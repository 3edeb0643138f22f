using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmrShare.Core.Crypto;
using EmrShare.Core.Keys;
using EmrShare.Web.Api;
using EmrShare.Web.Hosting;
using EmrShare.Web.Security;
using EmrShare.Web.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Recovery;

/// <summary>
/// The recovery-phrase page unlocks the wallet key with a passphrase, so it is a passphrase guesser unless it is
/// throttled like sign-in (docs/threat-model.md, the recovery-phrase unlock): a real patient app over HTTP, its own
/// clock and throttle, a live session posting "reveal" with wrong passphrases.
/// </summary>
[Collection(WebCollection.Name)]
public sealed partial class RecoveryBackupThrottleTests(WebNetwork web)
{
    private const string Passphrase = "the wallet's own passphrase";

    [Fact]
    public async Task Reveal_TooManyWrongPassphrases_ThrottledEvenForTheRightOneUntilTheWaitPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 2, 0, 0, TimeSpan.Zero));
        var folder = Directory.CreateTempSubdirectory("emrshare-backup-").FullName;
        try
        {
            var keys = new FileKeyStore(Path.Combine(folder, "keys"), scryptN: 16);
            await keys.SaveAsync("wallet", PrivateKeys.FromScalar(Secp256k1.NewAccountKey()), Passphrase, ct);
            var actor = new PatientActor(web.Nodes.Patient, keys, "wallet", web.Nodes.Directory, web.Nodes.Center);
            await using var app = EmrShareWebApp.Build(actor, new WebAppOptions { Time = time });
            await app.StartAsync(ct);
            var address = new Uri(app.Urls.First().TrimEnd('/') + "/");
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };
            browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(address, ct));
            var page = await browser.GetStringAsync("patient/backup", ct);

            // The free failures and one more: each is told the passphrase is wrong, no phrase is shown.
            var free = new SignInThrottleOptions().AccountFreeFailures;
            for (var i = 0; i <= free; i++)
            {
                page = await RevealAsync(browser, page, "wrong guess " + i, ct);
                Assert.Contains("That is not your wallet passphrase.", page, StringComparison.Ordinal);
                Assert.DoesNotContain("data-testid=\"phrase-word\"", page, StringComparison.Ordinal);
            }

            // Now throttled: the next guess, and even the right passphrase, is refused in words next to the field.
            page = await RevealAsync(browser, page, "wrong guess again", ct);
            Assert.Contains("Too many wrong passphrases.", page, StringComparison.Ordinal);
            page = await RevealAsync(browser, page, Passphrase, ct);
            Assert.Contains("Too many wrong passphrases.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-testid=\"phrase-word\"", page, StringComparison.Ordinal);

            // Once the wait has passed on the throttle's own clock, the right passphrase reveals the 24 words.
            time.Advance(TimeSpan.FromSeconds(1));
            page = await RevealAsync(browser, page, Passphrase, ct);
            Assert.Equal(24, PhraseWord().Matches(page).Count);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind.
            }
        }
    }

    private static async Task<string> RevealAsync(HttpClient browser, string page, string passphrase, CancellationToken ct)
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "reveal",
            ["passphrase"] = passphrase,
            ["__RequestVerificationToken"] = TokenField().Match(page).Groups[1].Value,
        };
        using var posted = await browser.PostAsync("patient/backup", new FormUrlEncodedContent(fields), ct);
        var text = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(ct));
        Assert.True(posted.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private static async Task<string> TokenAsync(Uri address, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var response = await client.PostAsJsonAsync("api/session/token", new SignInRequest(null, Passphrase), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("data-testid=\"phrase-word\"")]
    private static partial Regex PhraseWord();
}
