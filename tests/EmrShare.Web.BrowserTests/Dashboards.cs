using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Small steps every browser test repeats: sign in, check accessibility, screenshot.</summary>
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

    /// <summary>
    /// Full-page PNG under test-output/screenshots (a failing step still leaves what was seen before it), after
    /// axe-core has checked the same page state: every page a story screenshots is also an accessibility check.
    /// </summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.ScreenshotFolder, name + ".png"), FullPage = true });
        await ExpectAccessibleAsync(page, name);
    }

    /// <summary>axe-core (its default rule set: WCAG 2.x A/AA and best practices) finds no serious or critical violation in the page as it is now.</summary>
    public static async Task ExpectAccessibleAsync(IPage page, string state)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(blocking.Count == 0, $"axe in state '{state}' ({page.Url}):\n" + string.Join("\n", blocking.Select(Describe)));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help}\n" + string.Join("\n", violation.Nodes.Select(n => $"    {n.Target} {n.Html} — " + string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))));
}
