using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Hospital;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// The Center's rename form (issue 16 #11): a practitioner registered from a hospital's identity file is listed as
/// "Practitioner at" the hospital until the admin gives their real name; a blank name is a field error in words.
/// axe checks every new state.
/// </summary>
public sealed class CenterRenameTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Registry_RenamePractitioner_ListedByRealNameAndBlankNameIsFieldError()
    {
        var credentials = fixture.Network.Credentials;
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await Dashboards.SignInAsync(page, credentials.CenterUser, credentials.CenterPassword);
        var keys = HospitalKeys.Generate(HexBytes.ToHex(Secp256k1.NewAccountKey()));
        await page.GotoAsync("center/register");
        await page.GetByTestId("identity-json-input").FillAsync(System.Text.Json.JsonSerializer.Serialize(HospitalInfo.Of("Lakeside Clinic", keys), Nodes.Transport.NodeJson.Options));
        await page.GetByTestId("register-identity").ClickAsync();
        await Expect(page.GetByTestId("success")).ToContainTextAsync("Lakeside Clinic");

        await page.GotoAsync("center/registry");
        var practitioner = keys.PractitionerAddresses[0].Lower;
        var row = page.Locator($"[data-testid=registry-row][data-address='{practitioner}']");
        await Expect(row.GetByTestId("registry-name")).ToHaveTextAsync("Practitioner at Lakeside Clinic");

        // A blank name is refused next to its field, and nothing changes.
        await page.GetByTestId("rename-address").SelectOptionAsync(practitioner);
        await page.GetByTestId("rename-name").EvaluateAsync("e => { e.removeAttribute('required'); e.value = '  '; }");
        await page.GetByTestId("rename-submit").ClickAsync();
        await Expect(page.GetByTestId("rename-name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("field-error-name")).ToBeVisibleAsync();
        await Dashboards.ScreenshotAsync(page, "center-rename-field-error");

        await page.GetByTestId("rename-address").SelectOptionAsync(practitioner);
        await page.GetByTestId("rename-name").FillAsync("Dr. Ada Mensah");
        await page.GetByTestId("rename-submit").ClickAsync();
        await Expect(page.GetByTestId("success")).ToContainTextAsync("Renamed to “Dr. Ada Mensah”");
        row = page.Locator($"[data-testid=registry-row][data-address='{practitioner}']");
        await Expect(row.GetByTestId("registry-name")).ToHaveTextAsync("Dr. Ada Mensah");
        await Dashboards.ScreenshotAsync(page, "center-renamed");
        await page.Context.CloseAsync();
    }
}
