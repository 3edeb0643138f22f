using System.Net;
using System.Net.Http.Json;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Api.Patient;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// The sharing story through the three APIs only: A records, the patient grants B, B requests and reads the
/// verified record, A amends, the patient revokes, B is refused, the patient sees the access log.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class SharingApiTests(WebNetwork web)
{
    [Fact]
    public async Task ShareRevoke_ThroughApis_GrantsThenRefusesAndLogs()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        var patient = web.Client(web.Patient, Role.Patient);
        var docB = web.Client(web.HospitalB, Role.ClinicianB);
        var docA = web.Client(web.HospitalA, Role.Clinician);
        var a = web.Nodes.A.Address.ToString();
        var b = web.Nodes.B.Address.ToString();

        // B does not hold the record: its API has nothing to serve.
        await ApiCalls.ExpectAsync(await docB.GetAsync($"api/records/{recordId}", ct), HttpStatusCode.NotFound, ct);

        using var granted = await patient.PostAsJsonAsync("api/grants", new GrantRequest(b, a, [recordId], DateTimeOffset.UtcNow.AddDays(7)), ct);
        await ApiCalls.ExpectAsync(granted, HttpStatusCode.Created, ct);
        var grant = (await granted.Content.ReadFromJsonAsync<PatientGrant>(ApiCalls.Json, ct))!;
        var held = await docB.GetFromJsonAsync<List<HeldGrant>>("api/grants", ApiCalls.Json, ct);
        Assert.Contains(held!, g => g.GrantId == grant.GrantId && g.RecordIds.Contains(recordId));

        using var requested = await docB.PostAsJsonAsync("api/access-requests", new AccessRequestBody(grant.GrantId, recordId), ct);
        await ApiCalls.ExpectAsync(requested, HttpStatusCode.OK, ct);
        var access = (await requested.Content.ReadFromJsonAsync<AccessResult>(ApiCalls.Json, ct))!;
        Assert.Equal(recordId, access.RecordId);
        Assert.Contains(SampleRecords.LoincCode, access.Record.Content, StringComparison.Ordinal);
        Assert.Contains(access.Record.Summary.Lines, l => l.Code == SampleRecords.LoincCode);
        var atB = await docB.GetFromJsonAsync<RecordDetail>($"api/records/{recordId}", ApiCalls.Json, ct);
        Assert.Equal("received", atB!.Latest.Origin);

        var incoming = await web.Client(web.HospitalA, Role.HospitalAdmin).GetFromJsonAsync<List<IncomingRequest>>("api/access-requests/incoming", ApiCalls.Json, ct);
        Assert.Contains(incoming!, r => r.RecordId == recordId && r.Status == "fulfilled" && string.Equals(r.Grantee, b, StringComparison.OrdinalIgnoreCase));

        // A amends: version 2 on A's timeline.
        using var amended = await docA.PostAsync($"api/records/{recordId}/versions", ApiCalls.Fhir(SampleRecords.HbA1cBundle(8.1m)), ct);
        await ApiCalls.ExpectAsync(amended, HttpStatusCode.Created, ct);
        var timeline = await docA.GetFromJsonAsync<List<RecordSummary>>($"api/records/{recordId}/versions", ApiCalls.Json, ct);
        Assert.Equal([1L, 2L], timeline!.Select(v => v.Version));

        using var revoked = await patient.DeleteAsync($"api/grants/{grant.GrantId}", ct);
        await ApiCalls.ExpectAsync(revoked, HttpStatusCode.OK, ct);
        await ApiCalls.ExpectAsync(await patient.DeleteAsync($"api/grants/{grant.GrantId}", ct), HttpStatusCode.Conflict, ct);
        var grants = await patient.GetFromJsonAsync<List<PatientGrant>>("api/grants", ApiCalls.Json, ct);
        Assert.True(grants!.Single(g => g.GrantId == grant.GrantId).Revoked);

        using var refused = await docB.PostAsJsonAsync("api/access-requests", new AccessRequestBody(grant.GrantId, recordId), ct);
        await ApiCalls.ExpectAsync(refused, HttpStatusCode.Forbidden, ct);

        var log = await patient.GetFromJsonAsync<List<AccessLogItem>>("api/access-log", ApiCalls.Json, ct);
        Assert.Contains(log!, e => e.Kind == "GrantCreated" && e.GrantId == grant.GrantId);
        Assert.Contains(log!, e => e.Kind == "AccessFulfilled");
        Assert.Contains(log!, e => e.Kind == "GrantRevoked" && e.GrantId == grant.GrantId);

        // "When" is the sealing time of each event's block: recent, and in chain order.
        Assert.All(log!, e => Assert.InRange(e.At, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(log!.OrderBy(e => e.BlockNumber).Select(e => e.At), log!.Select(e => e.At));
    }

    [Fact]
    public async Task AccessRequest_UnknownGrant_Returns404AndMalformedIds400()
    {
        var ct = TestContext.Current.CancellationToken;
        var docB = web.Client(web.HospitalB, Role.ClinicianB);
        var unknown = "0x" + new string('7', 64);
        await ApiCalls.ExpectAsync(await docB.PostAsJsonAsync("api/access-requests", new AccessRequestBody(unknown, unknown), ct), HttpStatusCode.NotFound, ct);
        var invalid = await ApiCalls.ExpectAsync(await docB.PostAsJsonAsync("api/access-requests", new AccessRequestBody("0x12", null), ct), HttpStatusCode.BadRequest, ct);
        var errors = invalid!.Value.GetProperty("errors");
        Assert.True(errors.TryGetProperty("grantId", out _));
        Assert.True(errors.TryGetProperty("recordId", out _));
    }

    [Fact]
    public async Task Grant_RecordNotInIndex_Returns404AndPastExpiry400()
    {
        var ct = TestContext.Current.CancellationToken;
        var patient = web.Client(web.Patient, Role.Patient);
        var a = web.Nodes.A.Address.ToString();
        var b = web.Nodes.B.Address.ToString();
        var missing = "0x" + new string('5', 64);
        await ApiCalls.ExpectAsync(await patient.PostAsJsonAsync("api/grants", new GrantRequest(b, a, [missing], DateTimeOffset.UtcNow.AddDays(1)), ct), HttpStatusCode.NotFound, ct);
        var past = await ApiCalls.ExpectAsync(await patient.PostAsJsonAsync("api/grants", new GrantRequest(b, a, [], DateTimeOffset.UtcNow.AddDays(-1)), ct), HttpStatusCode.BadRequest, ct);
        Assert.True(past!.Value.GetProperty("errors").TryGetProperty("expiry", out _));
        await ApiCalls.ExpectAsync(await patient.DeleteAsync("api/grants/" + missing, ct), HttpStatusCode.NotFound, ct);
    }
}
