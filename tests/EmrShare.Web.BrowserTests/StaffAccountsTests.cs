using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Staff administration in a real browser: an admin creates a clinician, the clinician signs in, the admin disables them.</summary>
public sealed class StaffAccountsTests(DashboardFixture fixture)
{
    private const string ClinicianPassword = "harbour violet pinecone drum";

    [Fact]
    public async Task StaffPage_CreateSignInDisable_SignInRefusedAndSessionEnded()
    {
        var credentials = fixture.Network.Credentials;
        var admin = await SignInAsync(credentials.AdminA, credentials.AdminAPassword);
        await admin.GotoAsync("hospital/staff");
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Staff accounts");

        // A weak password is refused next to its field, in words, with aria-invalid.
        await admin.GetByTestId("staff-username").FillAsync("dr.browser");
        await admin.GetByTestId("staff-role").SelectOptionAsync("clinician");
        await admin.GetByTestId("staff-practitioner").SelectOptionAsync("0");
        await admin.GetByTestId("staff-password").FillAsync("qwerty123456");
        await admin.GetByTestId("staff-create").ClickAsync();
        await Expect(admin.GetByTestId("password-error")).ToContainTextAsync("common or breached");
        await Expect(admin.GetByTestId("staff-password")).ToHaveAttributeAsync("aria-invalid", "true");

        await admin.GetByTestId("staff-username").FillAsync("dr.browser");
        await admin.GetByTestId("staff-role").SelectOptionAsync("clinician");
        await admin.GetByTestId("staff-practitioner").SelectOptionAsync("0");
        await admin.GetByTestId("staff-password").FillAsync(ClinicianPassword);
        await admin.GetByTestId("staff-create").ClickAsync();
        await Expect(admin.GetByTestId("success")).ToContainTextAsync("dr.browser");
        var row = admin.Locator("[data-testid=staff-row][data-user='dr.browser']");
        await Expect(row.GetByTestId("staff-status")).ToHaveTextAsync("active");
        await Dashboards.ScreenshotAsync(admin, "hospital-staff");

        var clinician = await SignInAsync("dr.browser", ClinicianPassword);
        await Expect(clinician).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/hospital$"));

        await row.GetByTestId("staff-toggle").ClickAsync();
        await Expect(admin.Locator("[data-testid=staff-row][data-user='dr.browser']").GetByTestId("staff-status")).ToHaveTextAsync("disabled");
        await Expect(admin.GetByTestId("staff-audit-action").First).ToHaveTextAsync("disable");

        // The clinician's open session ended: the next page load goes to sign-in.
        await clinician.GotoAsync("hospital");
        await Expect(clinician).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        var again = await fixture.OpenAsync(fixture.Network.HospitalAWeb.BaseAddress);
        await again.GotoAsync("login");
        await again.GetByTestId("login-username").FillAsync("dr.browser");
        await again.GetByTestId("login-password").FillAsync(ClinicianPassword);
        await again.GetByTestId("login-submit").ClickAsync();
        await Expect(again.GetByTestId("login-error")).ToContainTextAsync("wrong password");

        await admin.Context.CloseAsync();
        await clinician.Context.CloseAsync();
        await again.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string user, string password)
    {
        var page = await fixture.OpenAsync(fixture.Network.HospitalAWeb.BaseAddress);
        await page.GotoAsync("login");
        await page.GetByTestId("login-username").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/hospital$"));
        return page;
    }
}
