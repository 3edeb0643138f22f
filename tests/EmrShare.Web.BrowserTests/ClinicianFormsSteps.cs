using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// Issue 16 #8, #10, #13 in the browser: a clinician at A records vitals and a high-criticality allergy through the
/// forms (no JSON), the allergy banner shows on the chart and on the record, a pasted HL7 message is a field error
/// next to the field, and an amendment through the same form, prefilled, asks for a reason and shows what changed. Run inside the sharing story (it
/// needs the registered network and the patient's chart at A).
/// </summary>
internal static class ClinicianFormsSteps
{
    public static async Task RunAsync(IPage hospitalA)
    {
        await hospitalA.GotoAsync("hospital");
        await hospitalA.GetByTestId("patient-link").First.ClickAsync();
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-chart-no-allergies");
        await Expect(hospitalA.GetByTestId("allergy-banner")).ToContainTextAsync("No allergy information recorded");

        // A typo is refused next to its field, in words, with the field marked invalid; nothing is written.
        await hospitalA.Locator("summary", new() { HasText = "Vital signs" }).ClickAsync();
        await hospitalA.GetByTestId("field-systolic").FillAsync("142");
        await hospitalA.GetByTestId("field-diastolic").FillAsync("91");
        await hospitalA.GetByTestId("field-temperature").FillAsync("379");
        await hospitalA.GetByTestId("save-vitals").ClickAsync();
        await Expect(hospitalA.GetByTestId("field-error-temperature")).ToHaveTextAsync("Body temperature must be between 25 and 45 °C");
        await Expect(hospitalA.GetByTestId("field-temperature")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(hospitalA.GetByTestId("field-temperature")).ToHaveAttributeAsync("aria-describedby", "error-temperature");
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-vitals-field-error");

        await hospitalA.GetByTestId("field-temperature").FillAsync("37.9");
        await hospitalA.GetByTestId("field-heartRate").FillAsync("88");
        await hospitalA.GetByTestId("save-vitals").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 1 created");
        await Expect(hospitalA.GetByTestId("record-observations")).ToContainTextAsync("142 mmHg");
        await Expect(hospitalA.GetByTestId("record-observations")).ToContainTextAsync("37.9 °C");
        await Expect(hospitalA.GetByTestId("record-observations")).ToContainTextAsync("88 /min");

        // The allergy form: penicillin anaphylaxis, high criticality.
        await hospitalA.GotoAsync("hospital");
        await hospitalA.GetByTestId("patient-link").First.ClickAsync();
        await hospitalA.Locator("summary", new() { HasText = "Allergy or intolerance" }).ClickAsync();
        await hospitalA.GetByTestId("field-substance").FillAsync("Penicillin");
        await hospitalA.GetByTestId("field-reaction").FillAsync("Anaphylaxis");
        await hospitalA.GetByTestId("field-criticality").SelectOptionAsync("high");
        await hospitalA.GetByTestId("field-reactionSeverity").SelectOptionAsync("severe");
        await hospitalA.GetByTestId("field-allergyCategory").SelectOptionAsync("medication");
        await hospitalA.GetByTestId("save-allergy").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 1 created");
        var banner = hospitalA.GetByTestId("allergy-banner").First;
        await Expect(banner.GetByTestId("allergy-substance")).ToHaveTextAsync("Penicillin");
        await Expect(banner.GetByTestId("allergy-reactions")).ToContainTextAsync("Anaphylaxis (severe)");
        await Expect(banner.GetByTestId("allergy-critical")).ToContainTextAsync("HIGH CRITICALITY");
        await Expect(hospitalA.GetByTestId("record-others")).ToHaveCountAsync(0);
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-allergy-record");

        // Amend through the same form, prefilled with the record's values: the reason is required, then the diff
        // shows what changed (issue 16 #10).
        var amend = hospitalA.GetByTestId("amend-forms");
        await Expect(amend.GetByTestId("field-substance")).ToHaveValueAsync("Penicillin");
        await Expect(amend.GetByTestId("field-reaction")).ToHaveValueAsync("Anaphylaxis");
        await Expect(amend.GetByTestId("field-criticality")).ToHaveValueAsync("high");
        await Expect(amend.GetByTestId("form-diagnosis")).ToBeHiddenAsync();
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-amend-form");
        await amend.GetByTestId("field-reaction").FillAsync("Anaphylaxis, Urticaria");
        await amend.GetByTestId("save-allergy").ClickAsync();
        await Expect(hospitalA.GetByTestId("field-error-reason")).ToContainTextAsync("Say why");
        await Expect(hospitalA.GetByTestId("form-amend-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(amend.GetByTestId("field-reaction")).ToHaveValueAsync("Anaphylaxis, Urticaria");
        await hospitalA.GetByTestId("form-amend-reason").FillAsync("patient also reported hives");
        await amend.GetByTestId("save-allergy").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 2 created");
        await Expect(hospitalA.GetByTestId("amend-diff")).ToContainTextAsync("Urticaria");
        await Expect(hospitalA.GetByTestId("amend-diff")).ToContainTextAsync("patient also reported hives");
        await Expect(hospitalA.GetByTestId("amend-forms").GetByTestId("field-reaction")).ToHaveValueAsync("Anaphylaxis, Urticaria");
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-amend-diff");

        // The chart's banner gathers the allergy from the chart's records.
        await hospitalA.GotoAsync("hospital");
        await hospitalA.GetByTestId("patient-link").First.ClickAsync();
        await Expect(hospitalA.GetByTestId("allergy-banner").GetByTestId("allergy-substance")).ToHaveTextAsync("Penicillin");
        await Expect(hospitalA.GetByTestId("allergy-critical")).ToBeVisibleAsync();

        // HL7 v2 pasted while the format says FHIR JSON: a field error that says what it looks like.
        await hospitalA.GetByTestId("record-content").FillAsync("MSH|^~\\&|LAB|A|EMR|A|202405201000||ORU^R01|1|P|2.5\rPID|1||X||DOE^JANE");
        await hospitalA.GetByTestId("create-record").ClickAsync();
        await Expect(hospitalA.GetByTestId("field-error-content")).ToContainTextAsync("This looks like HL7 v2");
        await Expect(hospitalA.GetByTestId("record-content")).ToHaveAttributeAsync("aria-invalid", "true");
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-chart-allergy-banner");
    }
}
