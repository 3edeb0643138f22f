using System.Net;
using System.Text.RegularExpressions;
using EmrShare.TestSupport.Hosts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrShare.Web.BrowserTests.Processes;

/// <summary>
/// Issue 14: the clinician/patient story in chromium against separately running processes (<see cref="ProcessStoryFixture"/>:
/// <c>center serve</c>, <c>hospital serve</c> ×2 and <c>wallet serve</c>, each on its own address over HTTPS). The
/// Center's admin registers both hospitals from their identity files through the Center's forms, and each hospital
/// host, which was waiting for that, publishes itself in the Center's directory; the patient enrols and checks in at
/// A from the self-hosted wallet; A's admin creates a clinician, who writes a record through the structured forms on
/// A's own origin; the patient grants B; B's clinician requests and reads it on B's own origin, fetched from A over
/// TLS through the directory; the patient's access log names Hospital B; the patient revokes, and B's next request is
/// refused in words; B's clinician breaks the glass for the record held at A, A serves it under its default policy, B
/// reads it and the patient's log names Hospital B for the emergency. Each of the four processes is restarted once
/// mid-story (A after the create, the wallet after the grant, B before its request, the Center before the revoke) and
/// the story continues. axe checks every new page state.
/// </summary>
[Collection(ProcessStoryCollection.Name)]
public sealed partial class ProcessStoryTests(ProcessStoryFixture fixture)
{
    private const string ClinicianPassword = "harbour violet pinecone drum";

    [Fact]
    public async Task ProcessStory_FourSeparateProcesses_RecordWrittenAtAIsReadAtBAfterPatientGrant()
    {
        var ct = TestContext.Current.CancellationToken;

        // Both hospitals run, unregistered: they say so and are not ready.
        foreach (var hospital in new[] { fixture.HospitalA, fixture.HospitalB })
        {
            Assert.Contains("directory: waiting for registration at the Center", hospital.Output, StringComparison.Ordinal);
            Assert.Contains("waiting for registration at the Center", await hospital.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, ct), StringComparison.Ordinal);
        }

        // The Center's admin registers A and B from the identity files their operators hand over.
        var center = await fixture.OpenAsync(fixture.Center);
        await Dashboards.SignInAsync(center, fixture.CenterAdmin.User, fixture.CenterAdmin.Password);
        await center.GetByTestId("nav-registrations").ClickAsync();
        await Dashboards.ExpectAccessibleAsync(center, "process-center-registrations");
        foreach (var name in new[] { "A", "B" })
        {
            await center.GetByTestId("identity-json-input").FillAsync(fixture.IdentityFile(name));
            await center.GetByTestId("register-identity").ClickAsync();
            await Expect(center.GetByTestId("success")).ToContainTextAsync($"Hospital “Hospital {name}” registered from its identity file, with");
        }

        await Dashboards.ScreenshotAsync(center, "process-center-registered");

        // Each hospital notices its registration on chain and publishes its own URL: ready.
        await Task.WhenAll(fixture.HospitalA.WaitForReadinessAsync(HttpStatusCode.OK, ct), fixture.HospitalB.WaitForReadinessAsync(HttpStatusCode.OK, ct));
        Assert.Contains($"directory: published {fixture.HospitalA.BaseUrl} at the Center", fixture.HospitalA.Output, StringComparison.Ordinal);

        // The patient's self-hosted wallet: sign in, hand the registration request to the Center, enrolled by a forced round.
        await fixture.StartWalletAsync(ct);
        var patient = await fixture.OpenAsync(fixture.Wallet, phone: true);
        await patient.GotoAsync("patient");
        await Dashboards.SignInAsync(patient, null, fixture.PatientPassphrase);
        // The wallet lists the hospitals from the Center's signed directory: its registration request covers both.
        await Expect(patient.GetByTestId("registration-request")).ToContainTextAsync("indexAccount");
        var registration = await patient.GetByTestId("registration-request").TextContentAsync();
        await Dashboards.ExpectAccessibleAsync(patient, "process-wallet-home");
        await center.GetByTestId("patient-request").FillAsync(registration!);
        await center.GetByTestId("register-patient").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("Patient queued for enrolment");
        await center.GetByTestId("enrol-below-k").CheckAsync();
        await center.GetByTestId("enrol-round").ClickAsync();
        await Expect(center.GetByTestId("success")).ToContainTextAsync("enrolled 1 patient(s)");
        await VisitAsync(patient, fixture.AddressA, "no new records");

        // A's admin creates a clinician; the clinician writes vital signs through the form on A's own origin.
        var clinicianA = await ClinicianAsync(fixture.HospitalA, fixture.AdminA, "dr.a");
        await clinicianA.GotoAsync("hospital");
        await clinicianA.GetByTestId("patient-link").First.ClickAsync();
        await Dashboards.ExpectAccessibleAsync(clinicianA, "process-hospital-a-chart");
        await clinicianA.Locator("summary", new() { HasText = "Vital signs" }).ClickAsync();
        await clinicianA.GetByTestId("field-systolic").FillAsync("142");
        await clinicianA.GetByTestId("field-diastolic").FillAsync("91");
        await clinicianA.GetByTestId("field-temperature").FillAsync("37.9");
        await clinicianA.GetByTestId("field-heartRate").FillAsync("88");
        await clinicianA.GetByTestId("save-vitals").ClickAsync();
        await Expect(clinicianA.GetByTestId("success")).ToContainTextAsync("Version 1 created");
        await Expect(clinicianA.GetByTestId("record-observations")).ToContainTextAsync("142 mmHg");
        var recordId = RecordPage().Match(clinicianA.Url).Groups[1].Value;
        Assert.StartsWith("0x", recordId, StringComparison.Ordinal);
        await Dashboards.ScreenshotAsync(clinicianA, "process-hospital-a-record");

        // Hospital A's process restarts (same config and data folder); the patient collects from the new process.
        await RestartAsync(fixture.HospitalA, ct);

        // The patient collects it at A and grants Hospital B (chosen by name).
        await VisitAsync(patient, fixture.AddressA, "1 new record(s)");
        await patient.GotoAsync($"patient/records/{recordId}");
        await Expect(patient.GetByTestId("record-observations")).ToContainTextAsync("142 mmHg");
        await Dashboards.ExpectAccessibleAsync(patient, "process-wallet-record");
        await patient.GetByTestId("share-record").ClickAsync();
        await Expect(patient.Locator($"[data-testid='grant-grantee'] option[value='{fixture.AddressB}']")).ToHaveTextAsync(new Regex("Hospital B"));
        await patient.GetByTestId("grant-grantee").SelectOptionAsync(fixture.AddressB);
        await Dashboards.ExpectAccessibleAsync(patient, "process-wallet-grant-form");
        await patient.GetByTestId("grant-submit").ClickAsync();
        await Expect(patient.GetByTestId("success")).ToContainTextAsync("Access granted");
        await Dashboards.ScreenshotAsync(patient, "process-wallet-granted");

        // The wallet's process restarts; the patient signs in again on the new process. Then B's restarts, before its request.
        await RestartAsync(fixture.Wallet, ct);
        patient = await PatientAsync(patient);
        await RestartAsync(fixture.HospitalB, ct);

        // B's clinician, on B's own origin, requests the record under the grant: B fetches it from A and reads it.
        var clinicianB = await ClinicianAsync(fixture.HospitalB, fixture.AdminB, "dr.b");
        await clinicianB.GotoAsync("hospital/sharing");
        await Expect(clinicianB.GetByTestId("grant-row")).ToHaveCountAsync(1);
        await Dashboards.ExpectAccessibleAsync(clinicianB, "process-hospital-b-sharing");
        await clinicianB.GetByTestId("request-record").ClickAsync();
        await Expect(clinicianB.GetByTestId("success")).ToContainTextAsync("verified");
        await Expect(clinicianB.GetByTestId("record-observations").First).ToContainTextAsync("142 mmHg");
        await Expect(clinicianB.GetByTestId("record-observations").First).ToContainTextAsync("37.9 °C");
        await Dashboards.ScreenshotAsync(clinicianB, "process-hospital-b-received");

        // The patient's access log names Hospital B, in words, not hex.
        await patient.GotoAsync("patient");
        await patient.GetByTestId("nav-access").ClickAsync();
        var sentences = patient.GetByTestId("access-sentence");
        await Expect(sentences.Filter(new() { HasText = "Hospital B asked Hospital A for your record" }).First).ToBeVisibleAsync();
        await Expect(sentences.Filter(new() { HasText = "0x" })).ToHaveCountAsync(0);
        await Dashboards.ScreenshotAsync(patient, "process-wallet-access-log");

        // The Center's process restarts (its sealed chain is in its data folder); the revoke goes on that chain.
        await RestartAsync(fixture.Center, ct);

        // The patient revokes B's grant after the confirmation; B's next request is refused, in words.
        await patient.GotoAsync("patient/grants");
        await patient.GetByTestId("revoke-open").ClickAsync();
        await Expect(patient.GetByTestId("revoke-warning")).ToContainTextAsync("keeps the copies it already received");
        await Dashboards.ExpectAccessibleAsync(patient, "process-wallet-revoke-confirm");
        await patient.GetByTestId("revoke").ClickAsync();
        await Expect(patient.GetByTestId("grant-status")).ToHaveTextAsync("revoked");
        await Dashboards.ScreenshotAsync(patient, "process-wallet-revoked");
        // B is not offered a request the custodian must refuse: its grant shows as revoked on chain, in words.
        await clinicianB.GotoAsync("hospital/sharing");
        await Expect(clinicianB.GetByTestId("grant-status").First).ToHaveTextAsync("revoked");
        await Expect(clinicianB.GetByTestId("request-record")).ToHaveCountAsync(0);
        var refusal = clinicianB.GetByTestId("grant-not-requestable").First;
        await Expect(refusal).ToContainTextAsync("The patient revoked this grant");
        Assert.DoesNotContain("{", await refusal.TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        await Dashboards.ExpectAccessibleAsync(clinicianB, "process-hospital-b-revoked");

        // Break-glass: B's clinician asks A for the record in an emergency; A serves it under its default policy; B reads it.
        await clinicianB.GotoAsync("hospital/emergency");
        await EmergencyAccessSteps.ChooseCustodianAsync(clinicianB, fixture.AddressA);
        await clinicianB.GetByTestId("emergency-record").FillAsync(recordId);
        await clinicianB.GetByTestId("emergency-reason").SelectOptionAsync("1");
        await clinicianB.GetByTestId("emergency-chart-input").FillAsync("ER-2207");
        await Dashboards.ExpectAccessibleAsync(clinicianB, "process-hospital-b-emergency-form");
        clinicianB.SetDefaultTimeout(90_000); // the answer waits for A's watcher and the transfer on a loaded machine
        await clinicianB.GetByTestId("emergency-submit").ClickAsync();
        await Expect(clinicianB.GetByTestId("emergency-success")).ToContainTextAsync("Received v1");
        await Expect(clinicianB.GetByTestId("emergency-custodian")).ToHaveTextAsync("Hospital A");
        await Expect(clinicianB.GetByTestId("record-observations").First).ToContainTextAsync("142 mmHg");
        await Dashboards.ScreenshotAsync(clinicianB, "process-hospital-b-emergency");

        // The patient sees the emergency: an alert at home, and the access log names Hospital B for it.
        await patient.GotoAsync("patient");
        await Expect(patient.GetByTestId("break-glass-alert")).ToBeVisibleAsync();
        await patient.GetByTestId("nav-access").ClickAsync();
        await Expect(patient.GetByTestId("access-kind").Filter(new() { HasText = "emergency read" }).First).ToBeVisibleAsync();
        await Expect(sentences.Filter(new() { HasTextRegex = EmergencyForB() }).First).ToBeVisibleAsync();
        await Expect(sentences.Filter(new() { HasText = "0x" })).ToHaveCountAsync(0);
        await Dashboards.ScreenshotAsync(patient, "process-wallet-emergency-log");
        foreach (var actor in new[] { fixture.Center, fixture.HospitalA, fixture.HospitalB, fixture.Wallet })
        {
            Assert.True(actor.IsRunning, actor.ToString());
        }
    }

    /// <summary>The hospital's first admin (made with <c>hospital admin create</c>) creates a clinician on practitioner key 0, who signs in on the hospital's own origin.</summary>
    private async Task<IPage> ClinicianAsync(ActorProcess hospital, (string User, string Password) admin, string clinician)
    {
        var adminPage = await fixture.OpenAsync(hospital);
        await Dashboards.SignInAsync(adminPage, admin.User, admin.Password);
        await adminPage.GotoAsync("hospital/staff");
        await adminPage.GetByTestId("staff-username").FillAsync(clinician);
        await adminPage.GetByTestId("staff-role").SelectOptionAsync("clinician");
        await adminPage.GetByTestId("staff-practitioner").SelectOptionAsync("0");
        await adminPage.GetByTestId("staff-password").FillAsync(ClinicianPassword);
        await adminPage.GetByTestId("staff-create").ClickAsync();
        await Expect(adminPage.GetByTestId("success")).ToContainTextAsync(clinician);
        await Dashboards.ExpectAccessibleAsync(adminPage, $"process-{clinician}-staff");
        await adminPage.Context.CloseAsync();

        var page = await fixture.OpenAsync(hospital);
        await Dashboards.SignInAsync(page, clinician, ClinicianPassword);
        return page;
    }

    /// <summary>Stops the actor's process by pid and starts it again with the same config and data folder (waits for /readyz).</summary>
    private static async Task RestartAsync(ActorProcess actor, CancellationToken ct)
    {
        var before = actor.ProcessId;
        await actor.RestartAsync(ct);
        Assert.NotEqual(before, actor.ProcessId);
        await actor.WaitForReadinessAsync(HttpStatusCode.OK, ct);
    }

    /// <summary>The patient's phone after the wallet process restarted: a fresh sign-in with the passphrase on the new process.</summary>
    private async Task<IPage> PatientAsync(IPage previous)
    {
        await previous.Context.CloseAsync();
        var patient = await fixture.OpenAsync(fixture.Wallet, phone: true);
        await patient.GotoAsync("patient");
        await Dashboards.SignInAsync(patient, null, fixture.PatientPassphrase);
        return patient;
    }

    private static async Task VisitAsync(IPage patient, string hospital, string expected)
    {
        await patient.GotoAsync("patient");
        await patient.GetByTestId("visit-hospital").SelectOptionAsync(hospital);
        await patient.GetByTestId("visit-submit").ClickAsync();
        await Expect(patient.GetByTestId("success")).ToContainTextAsync(expected);
    }

    [GeneratedRegex("Hospital B.*(in|for) an emergency", RegexOptions.None)]
    private static partial Regex EmergencyForB();

    [GeneratedRegex("/hospital/records/(0x[0-9a-f]{64})", RegexOptions.IgnoreCase)]
    private static partial Regex RecordPage();
}
