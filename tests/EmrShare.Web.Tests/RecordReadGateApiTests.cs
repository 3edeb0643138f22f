using System.Net;
using System.Net.Http.Json;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>The read gate over HTTP: admins get no plaintext, every read is in the admin-only read audit (also as FHIR), assignments are admin-only.</summary>
[Collection(WebCollection.Name)]
public sealed class RecordReadGateApiTests(WebNetwork web)
{
    [Fact]
    public async Task GetRecord_AdminRefusedClinicianAudited_ReadAuditAndAssignmentsAdminOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, localId) = await ApiCalls.RecordAtAAsync(web, ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var admin = web.Client(web.HospitalA, Role.HospitalAdmin);

        await ApiCalls.ExpectAsync(await admin.GetAsync($"api/records/{recordId}", ct), HttpStatusCode.Forbidden, ct);
        await ApiCalls.ExpectAsync(await doc.GetAsync($"api/records/{recordId}", ct), HttpStatusCode.OK, ct);

        var reads = await admin.GetFromJsonAsync<List<ReadAuditLine>>("api/audit/reads", ApiCalls.Json, ct);
        Assert.Contains(reads!, r => r.RecordId == recordId && r.Role == "hospital-admin" && r.Basis == "refused" && r.LocalPatientId == localId);
        Assert.Contains(reads!, r => r.RecordId == recordId && r.Role == "clinician" && r.Basis == "check-in" && r.Route == "GET /api/records/{id}" && r.LocalPatientId == localId);
        using var fhir = await admin.GetAsync("api/audit/reads/fhir", ct);
        await ApiCalls.ExpectAsync(fhir, HttpStatusCode.OK, ct);
        using (var bundle = System.Text.Json.JsonDocument.Parse(await fhir.Content.ReadAsStringAsync(ct)))
        {
            Assert.Equal(reads!.Count, bundle.RootElement.GetProperty("entry").GetArrayLength());
        }

        await ApiCalls.ExpectAsync(await doc.GetAsync("api/audit/reads", ct), HttpStatusCode.Forbidden, ct);
        await ApiCalls.ExpectAsync(await doc.PostAsJsonAsync("api/assignments", new AssignmentBody("x", localId), ct), HttpStatusCode.Forbidden, ct);
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/assignments", new AssignmentBody("nobody-here", localId), ct), HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/assignments", new AssignmentBody("admin", localId), ct), HttpStatusCode.BadRequest, ct);
        await ApiCalls.ExpectAsync(await admin.PostAsJsonAsync("api/assignments", new AssignmentBody("doc", localId), ct), HttpStatusCode.Created, ct);
        Assert.Contains(await admin.GetFromJsonAsync<List<CareAssignment>>("api/assignments", ApiCalls.Json, ct) ?? [], a => a.Actor == "doc" && a.LocalPatientId == localId && a.AssignedBy == "admin");
        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/assignments/doc/{localId}", ct), HttpStatusCode.NoContent, ct);
        await ApiCalls.ExpectAsync(await admin.DeleteAsync($"api/assignments/doc/{localId}", ct), HttpStatusCode.NotFound, ct);
    }
}
