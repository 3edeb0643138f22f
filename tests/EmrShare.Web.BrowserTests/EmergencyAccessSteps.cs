using EmrShare.Cli.Commands;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// Issue 16 #9 in the browser: B's clinician breaks the glass on <c>/hospital/emergency</c> for records held at A (the
/// patient has not checked in at B), A's watcher serves them, B reads them. A second id that names another person
/// than the chart is refused in words and filed only with an audited reason (review C7), and the chart appears in
/// B's patient list marked as an emergency copy. axe checks each new page state.
/// </summary>
internal static class EmergencyAccessSteps
{
    private const string Chart = "B-ER-0001";

    public static async Task RunAsync(IPage hospitalB, string custodian, string recordId, string otherPersonRecordId)
    {
        await hospitalB.GotoAsync("hospital/emergency");
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-emergency-form");

        // The custodian is picked by name from the directory; its address is behind "details", B itself is not offered.
        var custodians = hospitalB.GetByTestId("emergency-custodian-select");
        await Expect(custodians.Locator("option", new() { HasText = "Hospital A" })).ToHaveAttributeAsync("value", custodian.ToLowerInvariant());
        await Expect(custodians.Locator("option", new() { HasText = "Hospital B" })).ToHaveCountAsync(0);
        await Expect(hospitalB.GetByTestId("emergency-custodian-details")).ToContainTextAsync(custodian.ToLowerInvariant());

        await RequestAsync(hospitalB, custodian, recordId);
        await Expect(hospitalB.GetByTestId("emergency-success")).ToContainTextAsync("Signature, practitioner, on-chain commitment and hash verified");
        await Expect(hospitalB.GetByTestId("emergency-chart")).ToHaveTextAsync(Chart);
        await Expect(hospitalB.GetByTestId("emergency-custodian")).ToContainTextAsync("Hospital A");
        await Expect(hospitalB.GetByTestId("record-view").First.GetByTestId("record-patient")).ToContainTextAsync(DemoWebSample.PatientName);
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-emergency-served");

        // A mistyped id: A's record about another person. Refused before filing, then filed only with a reason.
        await RequestAsync(hospitalB, custodian, otherPersonRecordId);
        await Expect(hospitalB.GetByRole(AriaRole.Alert).First).ToContainTextAsync("does not match this chart");
        await Expect(hospitalB.GetByTestId("emergency-override-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-emergency-wrong-patient");
        await hospitalB.GetByTestId("emergency-override-reason").FillAsync("same patient: confirmed by phone with A's records desk");
        await hospitalB.GetByTestId("emergency-submit").ClickAsync();
        await Expect(hospitalB.GetByTestId("emergency-success")).ToBeVisibleAsync();

        // The chart is in B's patient list before the patient ever checks in at B, marked as an emergency copy.
        await hospitalB.GotoAsync("hospital");
        var row = hospitalB.GetByTestId("patient-row").Filter(new() { HasText = Chart });
        await Expect(row.GetByTestId("emergency-chart-badge")).ToBeVisibleAsync();
        await Expect(row.GetByTestId("patient-link")).ToHaveTextAsync(DemoWebSample.PatientName);
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-patients-emergency");
        await row.GetByTestId("patient-link").ClickAsync();
        await Expect(hospitalB.GetByTestId("banner-emergency-chart")).ToBeVisibleAsync();
        await Expect(hospitalB.GetByTestId("new-record-emergency-chart")).ToBeVisibleAsync();
        await Expect(hospitalB.GetByTestId("record-link")).ToHaveCountAsync(2);
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-emergency-chart");
    }

    private static async Task RequestAsync(IPage hospitalB, string custodian, string recordId)
    {
        await ChooseCustodianAsync(hospitalB, custodian);
        await hospitalB.GetByTestId("emergency-record").FillAsync(recordId);
        await hospitalB.GetByTestId("emergency-reason").SelectOptionAsync("1");
        await hospitalB.GetByTestId("emergency-chart-input").FillAsync(Chart);
        await hospitalB.GetByTestId("emergency-submit").ClickAsync();
    }

    /// <summary>By name when the hospital's directory can list hospitals (a select), else the typed address.</summary>
    public static async Task ChooseCustodianAsync(IPage page, string custodian)
    {
        var select = page.GetByTestId("emergency-custodian-select");
        if (await select.CountAsync() > 0)
        {
            await select.SelectOptionAsync(new SelectOptionValue { Value = custodian.ToLowerInvariant() });
        }
        else
        {
            await page.GetByTestId("emergency-custodian-input").FillAsync(custodian);
        }
    }
}
