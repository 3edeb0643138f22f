using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Hospital;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// The Center's registry and explorer in chromium (issue 16 #14): a hospital registered from its identity file is
/// listed by name, deactivated only after a confirmation step, then shown deactivated; its address page names its
/// role and status. axe checks every state.
/// </summary>
public sealed class CenterRegistryTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Registry_DeactivateWithConfirmation_ShowsDeactivatedAndAddressPage()
    {
        var credentials = fixture.Network.Credentials;
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await Dashboards.SignInAsync(page, credentials.CenterUser, credentials.CenterPassword);
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        var identity = System.Text.Json.JsonSerializer.Serialize(HospitalInfo.Of("Riverside Clinic", keys), Nodes.Transport.NodeJson.Options);
        var address = keys.Address.Lower;

        await page.GotoAsync("center/register");
        await page.GetByTestId("identity-json-input").FillAsync(identity);
        await page.GetByTestId("register-identity").ClickAsync();
        await Expect(page.GetByTestId("success")).ToContainTextAsync("Riverside Clinic");

        await page.GetByTestId("nav-registry").ClickAsync();
        var row = page.Locator($"[data-testid=registry-row][data-address='{address}']");
        await Expect(row.GetByTestId("registry-name")).ToHaveTextAsync("Riverside Clinic");
        await Expect(row.GetByTestId("registry-status")).ToHaveTextAsync("active");
        await Dashboards.ScreenshotAsync(page, "center-registry");

        // The first click only opens the confirmation; nothing is sent until it is confirmed.
        await row.GetByTestId("deactivate-open").ClickAsync();
        await Expect(row.GetByTestId("deactivate-warning")).ToContainTextAsync("Riverside Clinic");
        await Expect(row.GetByTestId("registry-status")).ToHaveTextAsync("active");
        await Dashboards.ScreenshotAsync(page, "center-registry-confirm");
        await row.GetByTestId("deactivate-confirm").ClickAsync();
        await Expect(page.GetByTestId("success")).ToContainTextAsync("deactivated");
        row = page.Locator($"[data-testid=registry-row][data-address='{address}']");
        await Expect(row.GetByTestId("registry-status")).ToHaveTextAsync("deactivated");
        await Expect(row.GetByTestId("deactivate-open")).ToHaveCountAsync(0);
        await Dashboards.ScreenshotAsync(page, "center-registry-deactivated");

        // Its address page, reached through the explorer's search bar.
        await page.GotoAsync("center/blocks");
        await page.GetByTestId("explorer-search").FillAsync(address);
        await page.GetByTestId("explorer-search").PressAsync("Enter");
        await Expect(page.GetByTestId("address-role")).ToHaveTextAsync("hospital");
        await Expect(page.GetByTestId("address-status")).ToHaveTextAsync("deactivated");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Riverside Clinic");
        await Expect(page.GetByTestId("address-events").GetByTestId("event-name").Filter(new LocatorFilterOptions { HasText = "HospitalDeactivated" })).ToHaveCountAsync(1);
        await Dashboards.ScreenshotAsync(page, "center-address");
        await page.Context.CloseAsync();
    }
}
