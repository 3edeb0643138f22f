using Microsoft.Playwright;

namespace EmrShare.Web.BrowserTests.Wallet;

/// <summary>Opening the wallet in a fresh phone-sized browser context.</summary>
internal static class WalletPages
{
    /// <summary>Blazor WebAssembly boots the .NET runtime in the page: allow for a slow, shared CI machine.</summary>
    public const float BootTimeout = 120_000;

    public static async Task<IBrowserContext> NewPhoneContextAsync(IBrowser browser, Uri baseAddress) =>
        await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            ServiceWorkers = ServiceWorkerPolicy.Allow,
        });

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
