using EmrShare.ServiceDefaults;
using Microsoft.Playwright;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>
/// The wallet's Content-Security-Policy (docs/wallet.md): the published page carries the meta policy, the host sends
/// the header (narrowed connect-src, frame-ancestors 'none'), the app boots under both, and the violation listener the
/// story tests rely on does see a blocked inline script.
/// </summary>
[Collection(WalletCollection.Name)]
public sealed class WalletCspBrowserTests(DashboardFixture browser, WalletHostFixture wallet)
{
    [Fact]
    public async Task Header_PublishedWallet_WasmAllowedNoInlineScriptConnectNarrowedFramesRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = wallet.BaseAddress };
        using var response = await http.GetAsync("index.html", ct);
        var header = response.Headers.GetValues("Content-Security-Policy").Single();
        var html = await response.Content.ReadAsStringAsync(ct);

        Assert.Contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-", header, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", header, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", header, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", header, StringComparison.Ordinal);
        var connect = header.Split("; ").Single(d => d.StartsWith("connect-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("https:", connect.Split(' '));
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\"", html, StringComparison.Ordinal);
        Assert.Equal(header, WalletContentSecurityPolicy.HeaderFor(html, []));
    }

    [Fact]
    public async Task Boot_UnderThePolicy_NoViolation_InjectedInlineScriptBlockedAndReported()
    {
        await using var context = await WalletPages.NewPhoneContextAsync(browser.Browser, wallet.BaseAddress);
        var page = await WalletPages.OpenAsync(context, "go-create");
        await WalletPages.AssertNoCspViolationsAsync(page);

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); }");
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0", null, new PageWaitForFunctionOptions { Timeout = 10_000 });

        Assert.False(await page.EvaluateAsync<bool>("() => window.__injected === true"), "an injected inline script ran under the wallet's policy");
        Assert.Contains(await WalletPages.CspViolationsAsync(page), v => v.StartsWith("script-src", StringComparison.Ordinal));
    }
}
