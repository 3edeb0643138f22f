using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Sign-in behaviour of the dashboards in a real browser.</summary>
public sealed class SignInTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Login_WrongPassword_ShowsErrorAndStaysSignedOut()
    {
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await page.GotoAsync("login");
        await page.GetByTestId("login-username").FillAsync(fixture.Network.Credentials.CenterUser);
        await page.GetByTestId("login-password").FillAsync("not-the-password");
        await page.GetByTestId("login-submit").ClickAsync();

        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("wrong password");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveCountAsync(0);
        await Dashboards.ScreenshotAsync(page, "center-login-error");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Login_WrongWalletPassphrase_ShowsError()
    {
        var page = await fixture.OpenAsync(fixture.Network.PatientWeb.BaseAddress, phone: true);
        await page.GotoAsync("login");
        await Expect(page.GetByTestId("login-username")).ToHaveCountAsync(0);
        await page.GetByTestId("login-password").FillAsync("wrong passphrase");
        await page.GetByTestId("login-submit").ClickAsync();

        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Wrong passphrase");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DemoCredentials_EveryAccount_HasItsOwnPassword()
    {
        var c = fixture.Network.Credentials;
        string[] passwords = [c.CenterPassword, c.ClinicianAPassword, c.ClinicianBPassword, c.AdminAPassword, c.AdminBPassword, c.PatientPassphrase];
        Assert.Equal(passwords.Length, passwords.Distinct(StringComparer.Ordinal).Count());
        // The clinician's password does not open the admin account of the same hospital.
        using var client = new HttpClient { BaseAddress = fixture.Network.HospitalAWeb.BaseAddress };
        using var refused = await client.PostAsJsonAsync("api/session/token", new EmrShare.Web.Api.SignInRequest(c.AdminA, c.ClinicianAPassword), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task ProtectedPage_Unauthenticated_RedirectsToSignInAndBack()
    {
        var page = await fixture.OpenAsync(fixture.Network.HospitalAWeb.BaseAddress);
        await page.GotoAsync("hospital/audit");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?returnUrl=%2Fhospital%2Faudit$", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await page.GetByTestId("login-username").FillAsync(fixture.Network.Credentials.AdminA);
        await page.GetByTestId("login-password").FillAsync(fixture.Network.Credentials.AdminAPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/hospital/audit$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Audit");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task OtherActorsPages_OnHospitalApp_AreNotFound()
    {
        var page = await fixture.OpenAsync(fixture.Network.HospitalBWeb.BaseAddress);
        var center = await page.GotoAsync("center/register");
        var patient = await page.GotoAsync("patient/grants");

        Assert.Equal(404, center!.Status);
        Assert.Equal(404, patient!.Status);
        await page.Context.CloseAsync();
    }
}
