using System.Text.Json;
using EmrShare.Wallet.KnownAnswers;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The shared known answers (tests/vectors/wallet-known-answers.json) computed inside the published wallet in
/// Debian's chromium (browser-wasm: managed AES-GCM, browser HKDF/SHA-256, NBitcoin secp256k1, Nethereum) must
/// equal the file and equal what EmrShare.Core computes in this process — the server half is
/// EmrShare.Core.Tests' WalletKnownAnswerTests.
/// </summary>
[Collection(WalletCollection.Name)]
public sealed class WalletKnownAnswerBrowserTests(DashboardFixture browser, WalletHostFixture wallet)
{
    private static readonly string VectorsPath = Path.Combine(AppContext.BaseDirectory, "vectors", "wallet-known-answers.json");

    [Fact]
    public async Task RunKnownAnswers_InTheBrowser_EqualCoreOnTheServer()
    {
        var json = await File.ReadAllTextAsync(VectorsPath, TestContext.Current.CancellationToken);
        var server = KnownAnswerRunner.Run(json);
        await using var context = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var page = await WalletPages.OpenAsync(context, "go-create");

        var reply = await page.EvaluateAsync<string>("json => DotNet.invokeMethodAsync('EmrShare.Wallet', 'RunKnownAnswers', json)", json);

        using var doc = JsonDocument.Parse(reply);
        Assert.True(doc.RootElement.GetProperty("browser").GetBoolean(), "the vectors must run on browser-wasm, not on the server");
        Assert.Equal("browser-wasm", doc.RootElement.GetProperty("runtime").GetString());
        var inBrowser = doc.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString()!, Expected: r.GetProperty("expected").GetString()!, Actual: r.GetProperty("actual").GetString()!))
            .ToList();
        Assert.Equal(server.Count, inBrowser.Count);
        for (var i = 0; i < server.Count; i++)
        {
            Assert.Equal(server[i].Name, inBrowser[i].Name);
            Assert.True(server[i].Passed, $"server {server[i].Name}: expected {server[i].Expected}, got {server[i].Actual}");
            Assert.True(inBrowser[i].Expected == inBrowser[i].Actual, $"browser {inBrowser[i].Name}: expected {inBrowser[i].Expected}, got {inBrowser[i].Actual}");
            Assert.Equal(server[i].Actual, inBrowser[i].Actual);
        }
    }
}
