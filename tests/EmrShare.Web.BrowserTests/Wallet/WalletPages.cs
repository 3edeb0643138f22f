using Microsoft.Playwright;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>Opening the wallet in a fresh phone-sized browser context.</summary>
internal static class WalletPages
{
    /// <summary>Blazor WebAssembly boots the .NET runtime in the page: allow for a slow, shared CI machine.</summary>
    public const float BootTimeout = 120_000;

    /// <summary>Collects every Content-Security-Policy violation the page reports (<see cref="CspViolationsAsync"/>).</summary>
    private const string CspListener = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    public static async Task<IBrowserContext> NewPhoneContextAsync(IBrowser browser, Uri baseAddress)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            ServiceWorkers = ServiceWorkerPolicy.Allow,
        });
        await context.AddInitScriptAsync(CspListener);
        return context;
    }

    /// <summary>The CSP violations this page reported since it was loaded (a reload starts a new list).</summary>
    public static async Task<IReadOnlyList<string>> CspViolationsAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");

    /// <summary>The wallet ran under its Content-Security-Policy without the browser blocking anything.</summary>
    public static async Task AssertNoCspViolationsAsync(IPage page)
    {
        var violations = await CspViolationsAsync(page);
        Assert.True(violations.Count == 0, "the wallet's Content-Security-Policy blocked: " + string.Join("; ", violations));
    }

    /// <summary>Opens the start page and waits until the .NET runtime has rendered it.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string waitForTestId)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("./");
        await page.GetByTestId(waitForTestId).WaitForAsync(new LocatorWaitForOptions { Timeout = BootTimeout });
        return page;
    }
}
