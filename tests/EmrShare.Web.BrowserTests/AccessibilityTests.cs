using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Keyboard use of the dashboards (axe itself runs in every story step through <see cref="Dashboards.ScreenshotAsync"/>).</summary>
public sealed class AccessibilityTests(DashboardFixture fixture)
{
    [Fact]
    public async Task SignInPage_TabToField_ShowsVisibleFocusOutline()
    {
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await page.GotoAsync("login");
        await Dashboards.ExpectAccessibleAsync(page, "center-login");
        var field = page.GetByTestId("login-username");
        while (!await field.EvaluateAsync<bool>("e => e === document.activeElement"))
        {
            await page.Keyboard.PressAsync("Tab");
        }

        var outline = await field.EvaluateAsync<string>("e => { const s = getComputedStyle(e); return s.outlineStyle + ' ' + s.outlineWidth; }");
        Assert.Equal("solid 3px", outline);
        await Expect(field).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }
}
