using System.Net;
using System.Net.Http.Json;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// Break-glass review fixes through hospital B's API on real nodes: a held-back emergency copy goes into the chart the
/// clinician corrected to (never silently into the mistyped one).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class EmergencyReviewApiTests(WebNetwork web)
{
    [Fact]
    public async Task EmergencyAccess_QuarantinedCopyChartCorrected_FiledIntoCorrectedChartChangedRecordRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, localId) = await ApiCalls.RecordAtAAsync(web, ct);
        var otherPerson = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(SampleRecords.HbA1cBundle())
            .Replace("Quellenberg", "Nguyen", StringComparison.Ordinal).Replace("1961-04-12", "1971-03-09", StringComparison.Ordinal));
        var other = (await web.Nodes.A.CreateRecordAsync(localId, otherPerson, "application/fhir+json", web.Nodes.A.Keys.PractitionerAddresses[0],
            new Nodes.Hospital.DemographicsOverride("test: a record about another person"), ct)).RecordId.ToString();
        await web.Nodes.B.FundPractitionersAsync(0.1m, ct);
        var doc = web.Client(web.HospitalB, Role.ClinicianB);
        var custodian = web.Nodes.A.Address.ToString();
        using var first = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, recordId, 1, "ER-1234"), ct);
        await ApiCalls.ExpectAsync(first, HttpStatusCode.OK, ct);
        using var refused = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, other, 1, "ER-1234"), ct);
        var quarantineId = (await ApiCalls.ExpectAsync(refused, HttpStatusCode.Conflict, ct))!.Value.GetProperty("quarantineId").GetString();

        // Another record than the held copy's: 409, nothing filed.
        using var changed = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, recordId, 1, "ER-1243", QuarantineId: quarantineId), ct);
        await ApiCalls.ExpectAsync(changed, HttpStatusCode.Conflict, ct);

        // The clinician corrects the chart number (a new chart: nothing disagrees), no reason: filed there.
        using var filed = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, other, 1, "ER-1243", QuarantineId: quarantineId), ct);
        await ApiCalls.ExpectAsync(filed, HttpStatusCode.OK, ct);
        var result = await filed.Content.ReadFromJsonAsync<EmergencyAccessResult>(ApiCalls.Json, ct);

        Assert.Equal((other, "ER-1243"), (result!.RecordId, result.LocalPatientId));
        Assert.DoesNotContain(await web.Nodes.B.Database.ListChartRecordsAsync("ER-1234", ct), r => r.RecordId == other);
        Assert.Contains(await web.Nodes.B.Database.ListChartRecordsAsync("ER-1243", ct), r => r.RecordId == other);
    }
}
