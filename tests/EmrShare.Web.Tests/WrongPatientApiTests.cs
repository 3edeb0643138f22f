using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// Wrong-patient filing (issue 16 item 7) through the real API of hospital A: the chart's demographics are
/// registered, then records about someone else — another person, or a near miss — are refused with 409 naming the
/// fields (never the values), and filed only with an explicit override reason, which leaves an audit line.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class WrongPatientApiTests(WebNetwork web)
{
    // The chart's patient is the one SampleRecords' bundles are about, so the other tests of the collection still match.
    private const string ChartPatient = """
        {"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"MRN-4471-9902"}],
         "name":[{"family":"Quellenberg","given":["Johanna"]}],"birthDate":"1961-04-12","gender":"female"}
        """;

    private const string EveOru = "MSH|^~\\&|LAB|A|||20240301||ORU^R01|W1|P|2.5\rPID|1||555-44-4444^^^EHR^MR||EVERYWOMAN^EVE^E||19620320|F\r" +
        "OBR|1|||4548-4^HbA1c^LN|||20240301\rOBX|1|NM|4548-4^HbA1c^LN||7.4|%|||||F";

    [Theory]
    [InlineData("\"family\":\"Quellenberg\"", "\"family\":\"Quelenberg\"", "family name")]
    [InlineData("\"birthDate\":\"1961-04-12\"", "\"birthDate\":\"1961-12-04\"", "birth date")]
    [InlineData("\"value\":\"MRN-4471-9902\"", "\"value\":\"MRN-4471-9920\"", "identifier")]
    public async Task CreateRecord_NearMissPatient_Returns409NamingTheField(string original, string nearMiss, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var localId = await ChartAsync(ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        var bundle = Encoding.UTF8.GetString(SampleRecords.HbA1cBundle()).Replace(original, nearMiss, StringComparison.Ordinal);
        Assert.Contains(nearMiss, bundle, StringComparison.Ordinal);

        using var response = await doc.PostAsync($"api/patients/{localId}/records", ApiCalls.Fhir(Encoding.UTF8.GetBytes(bundle)), ct);
        var problem = await ApiCalls.ExpectAsync(response, HttpStatusCode.Conflict, ct);
        Assert.Equal([field], problem!.Value.GetProperty("mismatches").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("PatientMismatchException", problem.Value.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Import_AnotherPersonsHl7_Refused409ThenFiledOnlyWithOverrideAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        var localId = await ChartAsync(ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);

        using var refused = await doc.PostAsync($"api/patients/{localId}/imports?format=hl7v2", new StringContent(EveOru), ct);
        var problem = await ApiCalls.ExpectAsync(refused, HttpStatusCode.Conflict, ct);
        var text = problem!.Value.GetRawText();
        Assert.DoesNotContain("EVERYWOMAN", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("1962", text, StringComparison.Ordinal);
        Assert.Contains("birth date", text, StringComparison.Ordinal);

        using var blank = await doc.PostAsync($"api/patients/{localId}/imports?format=hl7v2&overrideReason=%20", new StringContent(EveOru), ct);
        await ApiCalls.ExpectAsync(blank, HttpStatusCode.BadRequest, ct);

        using var filed = await doc.PostAsync($"api/patients/{localId}/imports?format=hl7v2&overrideReason=merged%20charts%2C%20confirmed%20by%20ward", new StringContent(EveOru), ct);
        await ApiCalls.ExpectAsync(filed, HttpStatusCode.Created, ct);
        var written = (await filed.Content.ReadFromJsonAsync<RecordWritten>(ApiCalls.Json, ct))!;
        var audit = await web.Client(web.HospitalA, Role.HospitalAdmin).GetFromJsonAsync<List<AuditLine>>("api/audit", ApiCalls.Json, ct);
        Assert.Contains(audit!, a => a.Kind == "wrong-patient-override" && a.RecordId == written.RecordId);
        Assert.DoesNotContain(await web.Nodes.A.Database.ListDemographicsOverridesAsync(ct), o => o.RecordId == written.RecordId && o.Reason.Length == 0);
        Assert.Contains(await web.Nodes.A.Database.ListDemographicsOverridesAsync(ct), o => o.RecordId == written.RecordId && o.Fields.Contains("birth date", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateRecord_SamePatient_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var localId = await ChartAsync(ct);
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{localId}/records", ApiCalls.Fhir(SampleRecords.HbA1cBundle()), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    private async Task<string> ChartAsync(CancellationToken ct)
    {
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        using var put = await web.Client(web.HospitalA, Role.Clinician).PutAsync($"api/patients/{visit.LocalPatientId}/demographics", ApiCalls.Fhir(Encoding.UTF8.GetBytes(ChartPatient)), ct);
        await ApiCalls.ExpectAsync(put, HttpStatusCode.NoContent, ct);
        return visit.LocalPatientId;
    }
}
