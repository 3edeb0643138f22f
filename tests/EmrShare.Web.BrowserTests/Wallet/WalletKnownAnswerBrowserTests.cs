using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Envelope;
using EmrShare.Core.Identity;
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
        Assert.Contains(inBrowser, r => r.Name.StartsWith("recovery/", StringComparison.Ordinal));
        await WalletPages.AssertNoCspViolationsAsync(page);
        for (var i = 0; i < server.Count; i++)
        {
            Assert.Equal(server[i].Name, inBrowser[i].Name);
            Assert.True(server[i].Passed, $"server {server[i].Name}: expected {server[i].Expected}, got {server[i].Actual}");
            Assert.True(inBrowser[i].Expected == inBrowser[i].Actual, $"browser {inBrowser[i].Name}: expected {inBrowser[i].Expected}, got {inBrowser[i].Actual}");
            Assert.Equal(server[i].Actual, inBrowser[i].Actual);
        }
    }

    [Fact]
    public async Task SealForCore_InTheBrowser_CoreOpensEnvelopeAndWrappedKey()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var recordId = RecordId.New();
        var plaintext = RandomNumberGenerator.GetBytes(3000);
        using var reader = PatientIdentity.Create();
        var readerKey = reader.PseudonymKey(ChainAddress.Parse("0x3333333333333333333333333333333333333333"));
        await using var context = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var page = await WalletPages.OpenAsync(context, "go-create");

        var reply = await page.EvaluateAsync<string>(
            "a => DotNet.invokeMethodAsync('EmrShare.Wallet', 'SealForCore', a[0], a[1], 7, 'application/fhir+json', a[2], a[3])",
            new[] { Convert.ToHexStringLower(dataKey), recordId.ToString(), Convert.ToHexStringLower(plaintext), Convert.ToHexStringLower(readerKey.PublicKeyCompressed()) });

        using var doc = JsonDocument.Parse(reply);
        var envelope = Convert.FromHexString(doc.RootElement.GetProperty("envelope").GetString()!);
        using (var key = DataKey.FromBytes(dataKey))
        {
            Assert.Equal(plaintext, RecordCipher.Decrypt(envelope, new RecordBinding(recordId, 7, "application/fhir+json"), key));
        }

        using var unwrapped = KeyWrapper.Unwrap(WrappedKey.Parse(doc.RootElement.GetProperty("wrapped").GetString()!), readerKey, recordId, 7);
        Assert.Equal(dataKey, unwrapped.ToArray());
    }
}
