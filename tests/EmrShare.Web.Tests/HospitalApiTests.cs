using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>The hospital API against hospital A's real node: patients, records, import, break-glass, erase, audit.</summary>
[Collection(WebCollection.Name)]
public sealed class HospitalApiTests(WebNetwork web)
{
    private const string Oru = "MSH|^~\\&|LAB|A|||20240301||ORU^R01|M1|P|2.5\rPID|1||P-1\rOBR|1|||4548-4^HbA1c^LN|||20240301\rOBX|1|NM|4548-4^HbA1c^LN||7.4|%|||||F";

    [Fact]
    public async Task CreateRecord_ValidFhir_ListedWithContentSummaryAndPatient()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, localId) = await ApiCalls.RecordAtAAsync(web, ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);

        var patients = await doc.GetFromJsonAsync<List<PatientSummary>>("api/patients", ApiCalls.Json, ct);
        Assert.Contains(patients!, p => p.LocalId == localId);
        var patient = await doc.GetFromJsonAsync<PatientDetail>($"api/patients/{localId}", ApiCalls.Json, ct);
        Assert.Contains(patient!.Records, r => r.RecordId == recordId);
        var records = await doc.GetFromJsonAsync<List<RecordSummary>>("api/records", ApiCalls.Json, ct);
        Assert.Contains(records!, r => r.RecordId == recordId && r.Origin == "local");

        var detail = await doc.GetFromJsonAsync<RecordDetail>($"api/records/{recordId}", ApiCalls.Json, ct);
        Assert.Contains(SampleRecords.PatientName.Split(' ')[1], detail!.Content, StringComparison.Ordinal);
        Assert.Contains(SampleRecords.DiagnosisCode, detail.Summary.Lines.Select(l => l.Code));
        Assert.Single(detail.Versions);
    }

    [Fact]
    public async Task CreateRecord_InvalidFhir_Returns422WithIssues()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var before = (await web.Nodes.A.Database.ListRecordsAsync(ct)).Count;

        var problem = await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(SampleRecords.InvalidObservation()), ct), HttpStatusCode.UnprocessableEntity, ct);
        var issue = Assert.Single(problem!.Value.GetProperty("issues").EnumerateArray().Take(1));
        Assert.False(string.IsNullOrEmpty(issue.GetProperty("code").GetString()));
        Assert.True(issue.TryGetProperty("location", out _));
        Assert.Equal(before, (await web.Nodes.A.Database.ListRecordsAsync(ct)).Count);

        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir("{ not json"u8.ToArray()), ct), HttpStatusCode.UnprocessableEntity, ct);
        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir([]), ct), HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task CreateRecord_UnknownPatientOrNoPractitionerKey_Returns404Or403()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        await ApiCalls.ExpectAsync(await doc.PostAsync("api/patients/A-999999/records", ApiCalls.Fhir(SampleRecords.HbA1cBundle()), ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await doc.GetAsync("api/patients/A-999999", ct), HttpStatusCode.NotFound, ct);

        var clerk = web.Client(web.HospitalA, Role.ClinicianWithoutKey);
        await ApiCalls.ExpectAsync(await clerk.PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(SampleRecords.HbA1cBundle()), ct), HttpStatusCode.Forbidden, ct);
        // The same account may still read: the key is only needed to sign.
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("api/records", ct)).StatusCode);
    }

    [Fact]
    public async Task Record_UnknownOrMalformedId_Returns404Or400()
    {
        var ct = TestContext.Current.CancellationToken;
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var unknown = "0x" + new string('a', 64);
        await ApiCalls.ExpectAsync(await doc.GetAsync($"api/records/{unknown}", ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await doc.GetAsync($"api/records/{unknown}/versions", ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/records/{unknown}/versions", ApiCalls.Fhir(SampleRecords.HbA1cBundle()), ct), HttpStatusCode.NotFound, ct);
        var bad = await ApiCalls.ExpectAsync(await doc.GetAsync("api/records/not-an-id", ct), HttpStatusCode.BadRequest, ct);
        Assert.True(bad!.Value.GetProperty("errors").TryGetProperty("recordId", out _));
    }

    [Fact]
    public async Task Import_Hl7v2_CreatesFhirRecordAndUnknownFormatIs400()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        using var imported = await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", new StringContent(Oru, Encoding.UTF8, "text/plain"), ct);
        await ApiCalls.ExpectAsync(imported, HttpStatusCode.Created, ct);
        var written = await imported.Content.ReadFromJsonAsync<RecordWritten>(ApiCalls.Json, ct);
        var detail = await doc.GetFromJsonAsync<RecordDetail>($"api/records/{written!.RecordId}", ApiCalls.Json, ct);
        Assert.Equal("application/fhir+json", detail!.ContentType);
        Assert.Contains(detail.Summary.Lines, l => l.Code == "4548-4" && l.Value != null && l.Value.Contains("7.4", StringComparison.Ordinal));

        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=dicom", new StringContent(Oru), ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await doc.PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", new StringContent("MSH|garbage"), ct), HttpStatusCode.UnprocessableEntity, ct);
    }

    [Fact]
    public async Task BreakGlass_ClinicianWithReason_ReadsAndPatientSeesAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        await ApiCalls.ExpectAsync(await doc.PostAsJsonAsync($"api/records/{recordId}/break-glass", new BreakGlassBody(9), ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await web.Client(web.HospitalA, Role.ClinicianWithoutKey).PostAsJsonAsync($"api/records/{recordId}/break-glass", new BreakGlassBody(1), ct), HttpStatusCode.Forbidden, ct);

        using var read = await doc.PostAsJsonAsync($"api/records/{recordId}/break-glass", new BreakGlassBody(2), ct);
        await ApiCalls.ExpectAsync(read, HttpStatusCode.OK, ct);
        var result = await read.Content.ReadFromJsonAsync<BreakGlassResult>(ApiCalls.Json, ct);
        Assert.Contains(SampleRecords.LoincCode, result!.Record.Content, StringComparison.Ordinal);

        var log = await web.Client(web.Patient, Role.Patient).GetFromJsonAsync<List<Api.Patient.AccessLogItem>>("api/access-log", ApiCalls.Json, ct);
        var alert = Assert.Single(log!, e => e.Alert && e.RecordId == recordId);
        Assert.Equal("life-threatening emergency", alert.Reason);
        Assert.Equal(result.Logged.TransactionHash, alert.TransactionHash);
    }

    [Fact]
    public async Task EraseAndAudit_AdminOnly_ClinicianGets403ThenRecordIsGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var admin = web.Client(web.HospitalA, Role.HospitalAdmin);

        await ApiCalls.ExpectAsync(await doc.DeleteAsync($"api/records/{recordId}", ct), HttpStatusCode.Forbidden, ct);
        await ApiCalls.ExpectAsync(await doc.GetAsync("api/audit", ct), HttpStatusCode.Forbidden, ct);

        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/records/{recordId}", ct), HttpStatusCode.NoContent, ct);
        await ApiCalls.ExpectAsync(await doc.GetAsync($"api/records/{recordId}", ct), HttpStatusCode.Gone, ct);
        await ApiCalls.ExpectAsync(await admin.DeleteAsync("api/records/0x" + new string('b', 64), ct), HttpStatusCode.NotFound, ct);

        var audit = await admin.GetFromJsonAsync<List<AuditLine>>("api/audit", ApiCalls.Json, ct);
        Assert.Contains(audit!, l => l.Kind == "create" && l.RecordId == recordId);
        Assert.Contains(audit!, l => l.Kind == "erase" && l.RecordId == recordId);
        using var fhir = await admin.GetAsync("api/audit/fhir", ct);
        await ApiCalls.ExpectAsync(fhir, HttpStatusCode.OK, ct);
        using (var bundle = System.Text.Json.JsonDocument.Parse(await fhir.Content.ReadAsStringAsync(ct)))
        {
            Assert.Equal(audit!.Count, bundle.RootElement.GetProperty("entry").GetArrayLength());
            Assert.Contains(bundle.RootElement.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("subtype")[0].GetProperty("code").GetString() == "erase");
        }

        await ApiCalls.ExpectAsync(await doc.GetAsync("api/audit/fhir", ct), HttpStatusCode.Forbidden, ct);

        // The wallet still lists the erased record, cannot open it, and its other summaries are unaffected.
        var patient = web.Client(web.Patient, Role.Patient);
        await ApiCalls.ExpectAsync(await patient.GetAsync($"api/index/{recordId}", ct), HttpStatusCode.NotFound, ct);
        using var summariesResponse = await patient.GetAsync("api/summaries", ct);
        await ApiCalls.ExpectAsync(summariesResponse, HttpStatusCode.OK, ct);
        var summaries = await summariesResponse.Content.ReadFromJsonAsync<List<Api.Patient.DiagnosisSummary>>(ApiCalls.Json, ct);
        Assert.DoesNotContain(summaries!, s => s.Entry.RecordId == recordId);
    }

    [Fact]
    public async Task CreateRecord_BodyOverLimit_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var huge = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"id\":\"" + new string('x', (int)global::EmrShare.Web.Hosting.WebAppOptions.DefaultMaxRecordBodyBytes) + "\"}");
        using var message = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{visit.LocalPatientId}/records") { Content = ApiCalls.Fhir(huge) };
        message.Headers.ExpectContinue = true;
        await ApiCalls.ExpectAsync(await doc.SendAsync(message, ct), HttpStatusCode.RequestEntityTooLarge, ct);
    }
}
