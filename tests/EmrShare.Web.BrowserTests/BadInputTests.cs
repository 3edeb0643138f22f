using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>Malformed or unknown ids typed into dashboard URLs and forms show a specific error on the page, never a server fault.</summary>
public sealed class BadInputTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData("center/blocks/999999999", "Not found")]
    [InlineData("center/tx/0x1234", "hash")]
    [InlineData("center/tx/0x0000000000000000000000000000000000000000000000000000000000000001", "Not found")]
    public async Task CenterExplorer_UnknownOrMalformedIds_ShowsErrorPanel(string path, string expected)
    {
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await Dashboards.SignInAsync(page, fixture.Network.Credentials.CenterUser, fixture.Network.Credentials.CenterPassword);
        var response = await page.GotoAsync(path);

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByTestId("error")).ToContainTextAsync(expected);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("hospital/records/0x1234", "recordId")]
    [InlineData("hospital/records/..%2F..%2Fetc%2Fpasswd", "recordId")]
    [InlineData("hospital/records/0x00000000000000000000000000000000000000000000000000000000000000ff", "no such record")]
    [InlineData("hospital/patients/nobody", "no such patient")]
    public async Task HospitalPages_UnknownOrMalformedIds_ShowsErrorPanel(string path, string expected)
    {
        var page = await fixture.OpenAsync(fixture.Network.HospitalBWeb.BaseAddress);
        await Dashboards.SignInAsync(page, fixture.Network.Credentials.AdminB, fixture.Network.Credentials.AdminBPassword);
        var response = await page.GotoAsync(path);

        Assert.True(response!.Status < 500, $"{path} answered {response.Status}");
        await Expect(page.GetByTestId("error")).ToContainTextAsync(expected);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task CenterRegistration_MalformedFields_ListsEveryBadField()
    {
        var page = await fixture.OpenAsync(fixture.Network.CenterWeb.BaseAddress);
        await Dashboards.SignInAsync(page, fixture.Network.Credentials.CenterUser, fixture.Network.Credentials.CenterPassword);
        await page.GotoAsync("center/register");
        await page.GetByTestId("hospital-name").FillAsync("Nowhere");
        await page.GetByTestId("hospital-address").FillAsync("0xnot-an-address");
        await page.GetByTestId("hospital-key").FillAsync("0x02");
        await page.GetByTestId("register-hospital").ClickAsync();

        var fields = page.GetByTestId("field-errors");
        await Expect(fields).ToContainTextAsync("address");
        await Expect(fields).ToContainTextAsync("encryptionKey");
        await page.GetByTestId("patient-request").FillAsync("{ not json");
        await page.GetByTestId("register-patient").ClickAsync();
        await Expect(page.GetByTestId("field-errors")).ToContainTextAsync("not a JSON registration request");
        await page.Context.CloseAsync();
    }
}
