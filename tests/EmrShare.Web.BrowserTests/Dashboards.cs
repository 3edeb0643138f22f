using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Small steps every browser test repeats: sign in, screenshot.</summary>
internal static class Dashboards
{
    public static async Task SignInAsync(IPage page, string? username, string password)
    {
        await page.GotoAsync("login");
        if (username is not null)
        {
            await page.GetByTestId("login-username").FillAsync(username);
        }

        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    /// <summary>The page needs no horizontal scrolling at the viewport's width (the patient uses a phone).</summary>
    public static async Task ExpectFitsPhoneAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the phone screen");
    }

    /// <summary>Full-page PNG under test-output/screenshots (a failing step still leaves what was seen before it).</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
