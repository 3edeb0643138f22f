using System.Net;
using System.Net.Http.Json;
using EmrShare.Ledger;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// Break-glass for a record held elsewhere through hospital B's API (issue 16 #9), against real nodes on the embedded
/// ledger: B's clinician asks A for a record of a patient B has never seen; A's watcher serves it; the patient's
/// wallet shows the emergency access under B.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class EmergencyAccessApiTests(WebNetwork web)
{
    [Fact]
    public async Task EmergencyAccess_ClinicianAtBForRecordHeldAtA_ReturnsVerifiedCopyAndPatientLogNamesB()
    {
        var ct = TestContext.Current.CancellationToken;
        var (recordId, _) = await ApiCalls.RecordAtAAsync(web, ct);
        await web.Nodes.B.FundPractitionersAsync(0.1m, ct);
        var doc = web.Client(web.HospitalB, Role.ClinicianB);

        using var response = await doc.PostAsJsonAsync("api/emergency-access",
            new EmergencyAccessBody(web.Nodes.A.Address.ToString(), recordId, 1, "ER-2026-17"), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.OK, ct);
        var result = await response.Content.ReadFromJsonAsync<EmergencyAccessResult>(ApiCalls.Json, ct);

        Assert.Equal((recordId, "ER-2026-17"), (result!.RecordId, result.LocalPatientId));
        Assert.Contains(SampleRecords.LoincCode, result.Record.Content, StringComparison.Ordinal);
        var log = await web.Client(web.Patient, Role.Patient).GetFromJsonAsync<List<Api.Patient.AccessLogItem>>("api/access-log", ApiCalls.Json, ct);
        var alert = Assert.Single(log!, e => e.Alert && e.RecordId == recordId);
        Assert.Equal(web.Nodes.B.Address.ToString(), alert.Counterparty, ignoreCase: true);
        Assert.Equal(result.FulfilmentTransaction, alert.TransactionHash);
        Assert.Equal("patient unconscious", alert.Reason);
    }

    [Fact]
    public async Task EmergencyAccess_OverrideWithQuarantineId_FilesHeldCopyAndADisclosesOnce()
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
        using var first = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, recordId, 1, "ER-Q-8"), ct);
        await ApiCalls.ExpectAsync(first, HttpStatusCode.OK, ct);

        using var refused = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(custodian, other, 1, "ER-Q-8"), ct);
        var problem = await ApiCalls.ExpectAsync(refused, HttpStatusCode.Conflict, ct);
        var quarantineId = problem!.Value.GetProperty("quarantineId").GetString();
        using var filed = await doc.PostAsJsonAsync("api/emergency-access",
            new EmergencyAccessBody(custodian, other, 1, "ER-Q-8", OverrideReason: "confirmed by phone with A's records desk", QuarantineId: quarantineId), ct);
        await ApiCalls.ExpectAsync(filed, HttpStatusCode.OK, ct);
        var result = await filed.Content.ReadFromJsonAsync<EmergencyAccessResult>(ApiCalls.Json, ct);

        Assert.Equal((other, "ER-Q-8"), (result!.RecordId, result.LocalPatientId));
        Assert.Single(await web.Nodes.A.Database.ListAuditAsync(ct), a => a.Kind == Nodes.Hospital.HospitalService.EmergencyFulfilAudit && a.RecordId == other);
        Assert.Single(await web.Nodes.B.Database.ListAuditAsync(ct), a => a.Kind == Nodes.Hospital.HospitalService.EmergencyRequestAudit && a.RecordId == other);
    }

    [Fact]
    public async Task EmergencyCharts_UnknownPatientOrChart_Returns404()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.B.Address.ToString(), ct);
        var desk = web.Client(web.HospitalB, Role.ClinicianB);

        using var unknownPatient = await desk.GetAsync("api/patients/NO-SUCH-PATIENT/emergency-charts", ct);
        using var questions = await desk.GetAsync($"api/patients/{visit.LocalPatientId}/emergency-charts", ct);
        using var unknownChart = await desk.PostAsJsonAsync($"api/patients/{visit.LocalPatientId}/emergency-charts/NO-SUCH-CHART/merge", new EmergencyChartMergeBody("test"), ct);

        await ApiCalls.ExpectAsync(unknownPatient, HttpStatusCode.NotFound, ct);
        await ApiCalls.ExpectAsync(questions, HttpStatusCode.OK, ct);
        await ApiCalls.ExpectAsync(unknownChart, HttpStatusCode.NotFound, ct);
    }

    [Fact]
    public async Task EmergencyAccess_MissingOrMalformedFields_Returns400PerFieldAndSendsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var doc = web.Client(web.HospitalB, Role.ClinicianB);
        var practitioner = web.Nodes.B.Keys.PractitionerAddresses[0].ToString();
        var web3 = web.Nodes.Access.Connect(LedgerOptions.DevPrivateKeys[0]);
        var before = await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(practitioner);

        using var empty = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(null, "0x12", 7, " ", "nope"), ct);
        var problem = await ApiCalls.ExpectAsync(empty, HttpStatusCode.BadRequest, ct);
        var fields = problem!.Value.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        using var own = await doc.PostAsJsonAsync("api/emergency-access", new EmergencyAccessBody(web.Nodes.B.Address.ToString(), "0x" + new string('1', 64), 1, "ER-1"), ct);
        var ownProblem = await ApiCalls.ExpectAsync(own, HttpStatusCode.BadRequest, ct);

        Assert.Equal(["custodian", "localPatientId", "patientPseudonym", "reasonCode", "recordId"], fields);
        Assert.True(ownProblem!.Value.GetProperty("errors").TryGetProperty("custodian", out _));
        Assert.Equal(before.Value, (await web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(practitioner)).Value);
    }
}
