using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Patient;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>The wallet API: index, decrypted records, summaries, visits, audit export, registration request.</summary>
[Collection(WebCollection.Name)]
public sealed class PatientApiTests(WebNetwork web)
{
    [Fact]
    public async Task IndexAndRecord_AfterVisit_DecryptsFhirWithDiagnosisSummary()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        var patient = web.Client(web.Patient, Role.Patient);

        var index = await patient.GetFromJsonAsync<List<IndexEntrySummary>>("api/index", ApiCalls.Json, ct);
        var entry = Assert.Single(index!, e => e.RecordId == recordId);
        Assert.Equal(web.Nodes.A.Address.ToString(), entry.Custodian);

        var record = await patient.GetFromJsonAsync<PatientRecordView>($"api/index/{recordId}", ApiCalls.Json, ct);
        using (var fhir = JsonDocument.Parse(record!.Fhir))
        {
            Assert.Equal("Bundle", fhir.RootElement.GetProperty("resourceType").GetString());
        }

        Assert.Contains(record.Summary.Diagnoses, d => d.Length > 0);
        var summaries = await patient.GetFromJsonAsync<List<DiagnosisSummary>>("api/summaries", ApiCalls.Json, ct);
        Assert.Contains(summaries!, s => s.Entry.RecordId == recordId && s.Summary.Lines.Any(l => l.Code == SampleRecords.DiagnosisCode));

        await ApiCalls.ExpectAsync(await patient.GetAsync("api/index/0x" + new string('c', 64), ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await patient.GetAsync("api/index/..%2F..%2Fetc%2Fpasswd", ct), HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task Visit_UnknownOrMalformedHospital_Returns404Or400()
    {
        var ct = TestContext.Current.CancellationToken;
        var patient = web.Client(web.Patient, Role.Patient);
        var stranger = "0x" + new string('9', 40);
        await ApiCalls.ExpectAsync(await patient.PostAsJsonAsync("api/visits", new VisitRequest(stranger), ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await patient.PostAsJsonAsync("api/visits", new VisitRequest("hospital A"), ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await patient.GetAsync("api/registration-request?hospitals=", ct), HttpStatusCode.BadRequest, ct);
    }

    [Fact]
    public async Task AuditExport_AfterVisitAndRecord_IsFhirAuditEventBundle()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        var patient = web.Client(web.Patient, Role.Patient);
        var a = web.Nodes.A.Address.ToString();
        var b = web.Nodes.B.Address.ToString();
        await ApiCalls.ExpectAsync(await patient.PostAsJsonAsync("api/grants", new GrantRequest(b, a, [recordId], DateTimeOffset.UtcNow.AddDays(2)), ct), HttpStatusCode.Created, ct);

        using var export = await patient.GetAsync("api/audit-export", ct);
        await ApiCalls.ExpectAsync(export, HttpStatusCode.OK, ct);
        Assert.Equal("application/fhir+json", export.Content.Headers.ContentType?.MediaType);
        using var bundle = JsonDocument.Parse(await export.Content.ReadAsStringAsync(ct));
        Assert.Equal("Bundle", bundle.RootElement.GetProperty("resourceType").GetString());
        Assert.Contains(bundle.RootElement.GetProperty("entry").EnumerateArray(), e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "AuditEvent");
    }

    [Fact]
    public async Task Wallet_ConcurrentVisitsAndReads_AllSucceed()
    {
        var ct = TestContext.Current.CancellationToken;
        var patient = web.Client(web.Patient, Role.Patient);
        var hospitals = new[] { web.Nodes.A.Address.ToString(), web.Nodes.B.Address.ToString(), web.Nodes.C.Address.ToString() };
        var calls = hospitals.Select(h => patient.PostAsJsonAsync("api/visits", new VisitRequest(h), ct))
            .Concat(Enumerable.Range(0, 6).Select(i => patient.GetAsync(i % 2 == 0 ? "api/index" : "api/access-log", ct)));
        var responses = await Task.WhenAll(calls);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
