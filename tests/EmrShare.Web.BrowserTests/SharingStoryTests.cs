using System.Text.RegularExpressions;
using EmrShare.Cli.Commands;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests;

/// <summary>
/// The whole sharing story clicked through the three dashboards, each actor in its own browser: the Center
/// registers both hospitals, a practitioner and the patient; A's clinician writes a FHIR record; the patient
/// collects it, grants B; B's clinician receives it decrypted and readable; the patient revokes; B is refused; the
/// patient sees the access log (with a break-glass alert). Real ledger, real stores, real chromium.
/// </summary>
public sealed partial class SharingStoryTests(DashboardFixture fixture)
{
    private DemoWebNetwork Network => fixture.Network;

    [Fact]
    public async Task SharingStory_ThroughAllThreeDashboards_GrantsThenRevokesAccess()
    {
        var credentials = Network.Credentials;
        var hospitalA = await fixture.OpenAsync(Network.HospitalAWeb.BaseAddress);
        var hospitalB = await fixture.OpenAsync(Network.HospitalBWeb.BaseAddress);
        var patient = await fixture.OpenAsync(Network.PatientWeb.BaseAddress, phone: true);
        var center = await fixture.OpenAsync(Network.CenterWeb.BaseAddress);
        var a = Network.HospitalA.Address.ToString();
        var b = Network.HospitalB.Address.ToString();

        // Each hospital's identity card and the wallet's registration request are what the Center is handed.
        await Dashboards.SignInAsync(hospitalA, credentials.ClinicianA, credentials.ClinicianAPassword);
        await Expect(hospitalA.GetByTestId("no-patients")).ToBeVisibleAsync();
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-home-empty");
        var identityA = await IdentityAsync(hospitalA);
        await Dashboards.SignInAsync(hospitalB, credentials.ClinicianB, credentials.ClinicianBPassword);
        var identityB = await IdentityAsync(hospitalB);
        var identityFileB = (await hospitalB.GetByTestId("identity-json").TextContentAsync())!;
        Assert.Contains(identityB.Address, identityFileB, StringComparison.Ordinal);
        await patient.GotoAsync("patient");
        await Dashboards.ScreenshotAsync(patient, "patient-sign-in");
        await Dashboards.SignInAsync(patient, null, credentials.PatientPassphrase);
        await Expect(patient.GetByTestId("index-empty")).ToBeVisibleAsync();
        var registration = await patient.GetByTestId("registration-request").TextContentAsync();
        Assert.Contains("indexAccount", registration, StringComparison.Ordinal);

        // Center: registrations through the forms.
        await Dashboards.SignInAsync(center, credentials.CenterUser, credentials.CenterPassword);
        await center.GetByTestId("nav-registrations").ClickAsync();
        await RegisterHospitalAsync(center, "Hospital A", identityA);
        // B hands over its identity file instead of hex: the hospital and its practitioners are registered from it.
        await center.GetByTestId("identity-json-input").FillAsync(identityFileB);
        await center.GetByTestId("register-identity").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("Hospital “Hospital B” registered from its identity file, with");
        await center.GetByTestId("practitioner-address").FillAsync(identityA.Practitioner);
        await center.GetByTestId("practitioner-hospital").FillAsync(identityA.Address);
        await center.GetByTestId("practitioner-name").FillAsync("Dr. Ada Mensah");
        await center.GetByTestId("register-practitioner").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("Practitioner registered");
        await center.GetByTestId("patient-request").FillAsync(registration!);
        await center.GetByTestId("register-patient").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("Patient queued for enrolment: 1 of 16 waiting");
        await Expect(center.GetByTestId("enrolment-pending")).ToHaveTextAsync("1");
        await Expect(center.GetByTestId("enrolment-below-k")).ToBeVisibleAsync();

        // One patient cannot wait for k = 16: the admin forces the round and the page says how small it was.
        await center.GetByTestId("enrol-round").ClickAsync();
        await Expect(center.GetByTestId("error")).ToContainTextAsync("only 1 of 16 patients are waiting");
        await center.GetByTestId("enrol-below-k").CheckAsync();
        await center.GetByTestId("enrol-round").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("enrolled 1 patient(s) — below the round size of 16");
        await Expect(center.GetByTestId("enrolment-pending")).ToHaveTextAsync("0");
        await Dashboards.ScreenshotAsync(center, "center-registrations");

        // A registration the chain refuses (hospital already registered) is shown, not a crash.
        await RegisterHospitalAsync(center, "Hospital A again", identityA, expectSuccess: false);
        await Expect(center.GetByTestId("error")).ToContainTextAsync("refused");

        // Patient checks in at A (mutual authentication): A now knows the patient under a local id.
        await VisitAsync(patient, a, "no new records");
        await hospitalA.GotoAsync("hospital");
        await hospitalA.GetByTestId("patient-link").First.ClickAsync();
        await Expect(hospitalA.GetByTestId("banner-no-demographics")).ToBeVisibleAsync();
        await Dashboards.ExpectAccessibleAsync(hospitalA, "hospital-a-chart");

        // Clinician at A: invalid FHIR is listed issue by issue, then a valid record is created and shown readably.
        await hospitalA.GetByTestId("record-content").FillAsync("""{"resourceType":"Observation","id":"bad"}""");
        await hospitalA.GetByTestId("create-record").ClickAsync();
        await Expect(hospitalA.GetByTestId("validation-issues").Locator("li").First).ToBeVisibleAsync();
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-validation-issues");
        await hospitalA.GetByTestId("record-content").FillAsync(DemoWebSample.Json);
        await hospitalA.GetByTestId("create-record").ClickAsync();
        await Expect(hospitalA).ToHaveURLAsync(RecordPage());
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 1 created");
        await ExpectReadableRecordAsync(hospitalA);
        await Expect(hospitalA.GetByTestId("origin").First).ToHaveTextAsync("local");
        var recordId = RecordPage().Match(hospitalA.Url).Groups[1].Value;
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-record");

        // People, not hex (issue 16 #11): the chart took its demographics from that record; the list finds her by name.
        await hospitalA.GotoAsync("hospital?q=rivera+1979");
        await Expect(hospitalA.GetByTestId("patient-row")).ToHaveCountAsync(1);
        await Expect(hospitalA.GetByTestId("patient-mrn")).ToHaveTextAsync("A-100234");
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-patient-search");
        await hospitalA.GetByTestId("patient-search").FillAsync("nobody-by-this-name");
        await hospitalA.GetByTestId("patient-search").PressAsync("Enter");
        await Expect(hospitalA.GetByTestId("no-patient-match")).ToBeVisibleAsync();

        // A second record from A's legacy lab: an HL7 v2 file uploaded and converted to FHIR by the adapter.
        await hospitalA.GotoAsync("hospital");
        await hospitalA.GetByTestId("patient-link").First.ClickAsync();
        await Expect(hospitalA.GetByTestId("banner-name")).ToHaveTextAsync(DemoWebSample.PatientName);
        await Expect(hospitalA.GetByTestId("banner-birth-date")).ToHaveTextAsync("1979-03-14");
        await hospitalA.GetByTestId("record-format").SelectOptionAsync("hl7v2");
        await hospitalA.GetByTestId("record-file").SetInputFilesAsync(new FilePayload { Name = DemoSample.FileName, MimeType = "application/octet-stream", Buffer = DemoSample.OruR01() });
        await hospitalA.GetByTestId("create-record").ClickAsync();

        // The lab message names another person than this chart (issue 16 #7): refused in words, and filed only when
        // the clinician gives an audited reason.
        await Expect(hospitalA.GetByRole(AriaRole.Alert).First).ToContainTextAsync("does not match this chart");
        await hospitalA.GetByTestId("record-format").SelectOptionAsync("hl7v2");
        await hospitalA.GetByTestId("record-file").SetInputFilesAsync(new FilePayload { Name = DemoSample.FileName, MimeType = "application/octet-stream", Buffer = DemoSample.OruR01() });
        await hospitalA.GetByTestId("override-reason").FillAsync("result confirmed by phone with the sending lab");
        await hospitalA.GetByTestId("create-record").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 1 created");
        await Expect(hospitalA.GetByTestId("report-results").First).ToContainTextAsync("196 mg/dL"); // results are listed under their report
        await Expect(hospitalA.GetByTestId("record-reports")).ToContainTextAsync("Lipid panel");
        var labRecordId = RecordPage().Match(hospitalA.Url).Groups[1].Value;
        Assert.NotEqual(recordId, labRecordId);
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-record-from-hl7");

        // Patient collects both records into the medical index and sees the diagnosis summary.
        await VisitAsync(patient, a, "2 new record(s)");
        await Expect(patient.GetByTestId("index-entry")).ToHaveCountAsync(2);
        await Expect(patient.GetByTestId("summary-diagnosis").First).ToContainTextAsync("Type 2 diabetes");
        await Dashboards.ExpectFitsPhoneAsync(patient);
        await Dashboards.ScreenshotAsync(patient, "patient-home");
        await patient.Locator($"a[data-testid='index-record-link'][href='/patient/records/{recordId}']").ClickAsync();
        await ExpectReadableRecordAsync(patient);
        await Expect(patient.GetByTestId("allergy-not-recorded")).ToBeVisibleAsync();
        await Dashboards.ExpectFitsPhoneAsync(patient);
        await Dashboards.ScreenshotAsync(patient, "patient-record");

        // Patient grants B access to that record (form: grantee, record checkbox, expiry).
        await patient.GetByTestId("share-record").ClickAsync();
        await Expect(patient.Locator($"[data-testid='grant-grantee'] option[value='{a}']")).ToHaveCountAsync(0);
        await patient.GetByTestId("grant-grantee").SelectOptionAsync(b);
        await Expect(patient.GetByTestId("grant-record").First).ToBeCheckedAsync();
        await Dashboards.ExpectAccessibleAsync(patient, "patient-grant-form");
        await patient.GetByTestId("grant-submit").ClickAsync();
        await Expect(patient.GetByTestId("success")).ToContainTextAsync("Access granted");
        await Expect(patient.GetByTestId("grant-status")).ToHaveTextAsync("active");
        await Dashboards.ExpectFitsPhoneAsync(patient);
        await Dashboards.ScreenshotAsync(patient, "patient-grants");

        // Clinician at B requests the record under the grant and reads it decrypted.
        await hospitalB.GotoAsync("hospital/sharing");
        await Expect(hospitalB.GetByTestId("grant-row")).ToHaveCountAsync(1);
        await Expect(hospitalB.GetByTestId("grant-custodian")).ToHaveTextAsync("Hospital A");
        await hospitalB.GetByTestId("request-record").ClickAsync();
        await Expect(hospitalB.GetByTestId("success")).ToContainTextAsync("verified");
        await ExpectReadableRecordAsync(hospitalB);
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-received");
        await hospitalB.GotoAsync($"hospital/records/{recordId}");
        await Expect(hospitalB.GetByTestId("origin").First).ToHaveTextAsync("received");
        await Expect(hospitalB.GetByTestId("allergy-not-recorded")).ToBeVisibleAsync();
        await Expect(hospitalB.GetByTestId("amend-not-available")).ToContainTextAsync("only its custodian can amend");
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-record");

        // A's dashboard shows the incoming request it fulfilled.
        await hospitalA.GotoAsync("hospital/sharing");
        await Expect(hospitalA.GetByTestId("incoming-status").First).ToHaveTextAsync("fulfilled");
        await Dashboards.ScreenshotAsync(hospitalA, "hospital-a-sharing");

        // Patient revokes; B's next request is refused on chain and the refusal is shown.
        await patient.GotoAsync("patient");
        await Expect(patient.Locator("[data-testid='who-can-see']").Filter(new() { HasText = "Hospital B (until" })).ToHaveCountAsync(1);
        await Dashboards.ScreenshotAsync(patient, "patient-who-can-see");
        await patient.GotoAsync("patient/grants");
        await patient.GetByTestId("revoke-open").ClickAsync();
        await Expect(patient.GetByTestId("revoke-warning")).ToContainTextAsync("keeps the copies it already received");
        await Dashboards.ExpectAccessibleAsync(patient, "patient-revoke-confirm");
        await patient.GetByTestId("revoke").ClickAsync();
        await Expect(patient.GetByTestId("grant-status")).ToHaveTextAsync("revoked");
        // B is not offered a request the custodian must refuse (issue 16 #13): the grant shows as revoked, in words.
        await hospitalB.GotoAsync("hospital/sharing");
        await Expect(hospitalB.GetByTestId("grant-status")).ToHaveTextAsync("revoked");
        await Expect(hospitalB.GetByTestId("request-record")).ToHaveCountAsync(0);
        await Expect(hospitalB.GetByTestId("grant-not-requestable")).ToContainTextAsync("The patient revoked this grant");
        await Dashboards.ScreenshotAsync(hospitalB, "hospital-b-refused");

        // A amends the record: a second version on the timeline, shown readably with the new value.
        await hospitalA.GotoAsync($"hospital/records/{recordId}");
        await hospitalA.GetByTestId("amend-content").FillAsync(DemoWebSample.Json.Replace("\"value\":7.4", "\"value\":6.9", StringComparison.Ordinal));
        await hospitalA.GetByTestId("amend-reason").FillAsync("HbA1c re-measured by the lab");
        await hospitalA.GetByTestId("amend-record").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Version 2 created");
        await Expect(hospitalA.GetByTestId("timeline-version")).ToHaveCountAsync(2);
        await Expect(hospitalA.GetByTestId("observation-value")).ToContainTextAsync("6.9 %");

        // A break-glass read at A is logged on chain and alerts the patient.
        await hospitalA.GetByTestId("break-glass-reason").SelectOptionAsync("2");
        await hospitalA.GetByTestId("break-glass").ClickAsync();
        await Expect(hospitalA.GetByTestId("success")).ToContainTextAsync("Break-glass access logged");
        // The audit is for A's admin only (the page follows the API's policy).
        var adminA = await fixture.OpenAsync(Network.HospitalAWeb.BaseAddress);
        await Dashboards.SignInAsync(adminA, credentials.AdminA, credentials.AdminAPassword);
        await adminA.GotoAsync("hospital/audit");
        await Expect(adminA.GetByTestId("audit-kind").Filter(new() { HasText = "break-glass" })).ToHaveCountAsync(1);
        await Expect(adminA.GetByTestId("audit-counterpart").Filter(new() { HasText = "Hospital B" }).First).ToBeVisibleAsync();
        await Dashboards.ScreenshotAsync(adminA, "hospital-a-audit");

        // Patient: the access log from chain events, with the emergency read highlighted.
        await patient.GotoAsync("patient");
        await Expect(patient.GetByTestId("break-glass-alert")).ToBeVisibleAsync();
        await patient.GetByTestId("nav-access").ClickAsync();
        var kinds = patient.GetByTestId("access-kind");
        await Expect(kinds.Filter(new() { HasText = "emergency read" })).ToHaveCountAsync(1);
        foreach (var kind in new[] { "access granted", "record requested", "record sent", "access revoked" })
        {
            await Expect(kinds.Filter(new() { HasText = kind }).First).ToBeVisibleAsync();
        }

        await Expect(patient.GetByTestId("access-alert")).ToContainTextAsync("life-threatening");
        var sentences = patient.GetByTestId("access-sentence");
        await Expect(sentences.Filter(new() { HasText = "Hospital B asked Hospital A for your record “" }).First).ToContainTextAsync("(granted by you on ");
        await Expect(sentences.Filter(new() { HasText = "Hospital A opened your record “" })).ToHaveCountAsync(1);
        await Expect(sentences.Filter(new() { HasText = "0x" })).ToHaveCountAsync(0);
        await Expect(patient.GetByTestId("access-when").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC"));
        await Dashboards.ExpectFitsPhoneAsync(patient);
        await Dashboards.ScreenshotAsync(patient, "patient-access-log");

        // Center's explorer: the latest block, its transaction, the decoded EmrShare event and its gas.
        await center.GetByTestId("nav-overview").ClickAsync();
        await Expect(center.GetByTestId("chain-status")).ToHaveTextAsync("online");
        await Dashboards.ScreenshotAsync(center, "center-home");
        await center.GetByTestId("nav-blocks").ClickAsync();
        await Dashboards.ScreenshotAsync(center, "center-blocks");
        await center.GetByTestId("block-link").First.ClickAsync();
        await Expect(center.GetByTestId("block-previous")).ToBeVisibleAsync();
        await Expect(center.GetByTestId("block-age")).ToContainTextAsync("ago");
        await Dashboards.ScreenshotAsync(center, "center-block");
        await center.GetByTestId("tx-link").First.ClickAsync();
        await Expect(center.GetByTestId("event-name").First).ToHaveTextAsync("BreakGlassAccessed");
        await Expect(center.GetByTestId("tx-from")).ToHaveTextAsync("Dr. Ada Mensah"); // the practitioner's real name, given at registration
        Assert.True(long.Parse(await center.GetByTestId("tx-gas").TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 21_000);
        await Dashboards.ScreenshotAsync(center, "center-transaction");

        // The explorer's search bar: a block number opens the block, a transaction hash the transaction.
        var txHash = (await center.GetByTestId("tx-hash").TextContentAsync())!.Trim();
        await center.GetByTestId("explorer-search").FillAsync("1");
        await center.GetByTestId("explorer-search").PressAsync("Enter");
        await Expect(center.Locator("h1")).ToHaveTextAsync("Block #1");
        await Expect(center.GetByTestId("block-next")).ToBeVisibleAsync();
        await center.GetByTestId("explorer-search").FillAsync(txHash);
        await center.GetByTestId("explorer-search").PressAsync("Enter");
        await Expect(center.GetByTestId("tx-hash")).ToHaveTextAsync(txHash);

        // Issue 16 #8/#10/#13 at A: forms, allergy banner, field errors, amend with reason and diff.
        await ClinicianFormsSteps.RunAsync(hospitalA);

        // Issue 16 #9: B breaks the glass for A's records (the lab result names another person: review C7).
        await EmergencyAccessSteps.RunAsync(hospitalB, a, recordId, labRecordId);
    }

    private static async Task<(string Address, string Key, string Practitioner)> IdentityAsync(IPage hospital) =>
        ((await hospital.GetByTestId("identity-address").TextContentAsync())!.Trim(),
         (await hospital.GetByTestId("identity-key").TextContentAsync())!.Trim(),
         (await hospital.GetByTestId("identity-practitioner-0").TextContentAsync())!.Trim());

    private static async Task RegisterHospitalAsync(IPage center, string name, (string Address, string Key, string Practitioner) identity, bool expectSuccess = true)
    {
        await center.GetByTestId("hospital-name").FillAsync(name);
        await center.GetByTestId("hospital-address").FillAsync(identity.Address);
        await center.GetByTestId("hospital-key").FillAsync(identity.Key);
        await center.GetByTestId("register-hospital").ClickAsync();
        if (expectSuccess)
        {
            await Expect(center.GetByTestId("success")).ToContainTextAsync($"“{name}” registered");
        }
    }

    private static async Task VisitAsync(IPage patient, string hospital, string expected)
    {
        await patient.GotoAsync("patient");
        await patient.GetByTestId("visit-hospital").SelectOptionAsync(hospital);
        await patient.GetByTestId("visit-submit").ClickAsync();
        await Expect(patient.GetByTestId("success")).ToContainTextAsync(expected);
    }

    /// <summary>The record as a reader sees it: name, diagnosis, lab value with unit and range, prescription — not JSON.</summary>
    private static async Task ExpectReadableRecordAsync(IPage page)
    {
        var view = page.GetByTestId("record-view").First;
        await Expect(view.GetByTestId("record-patient")).ToContainTextAsync(DemoWebSample.PatientName);
        await Expect(view.GetByTestId("record-conditions")).ToContainTextAsync("Type 2 diabetes mellitus");
        await Expect(view.GetByTestId("observation-value")).ToContainTextAsync("7.4 %");
        await Expect(view.GetByTestId("record-observations")).ToContainTextAsync("4–5.6 %");
        await Expect(view.GetByTestId("record-medications")).ToContainTextAsync("Metformin 500 MG");
        await Expect(view).Not.ToContainTextAsync("resourceType");
    }

    [GeneratedRegex("/hospital/records/(0x[0-9a-f]{64})", RegexOptions.IgnoreCase)]
    private static partial Regex RecordPage();
}
