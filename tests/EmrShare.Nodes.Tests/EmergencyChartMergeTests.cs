using System.Text;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Issue 16, on a real chain with real nodes: a patient served at B under break-glass later checks in at B normally;
/// the emergency chart opened for them is merged into their chart (records move, the emergency chart is gone, audited)
/// when it is the same patient by the wrong-patient check's rule, and a near miss is never merged without the clerk.
/// </summary>
public sealed class EmergencyChartMergeTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string EmergencyChart = "B-ER-M1";

    [Fact]
    public async Task FinishVisit_EmergencyChartSamePatient_MergedAtCheckInAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        await net.B.RegisterDemographicsAsync(chart, IdentifiedPatientJson(), "application/fhir+json", ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);
        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);

        // The patient checks in again: the handshake's completion merges the emergency chart.
        await net.VisitAsync(net.B, ct);

        Assert.Contains(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        Assert.Empty(await net.B.Database.ListChartRecordsAsync(EmergencyChart, ct));
        Assert.Empty(await net.B.Database.ListEmergencyChartsAsync(ct));
        Assert.Null(await net.B.FindDemographicsAsync(EmergencyChart, ct));
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit && a.Counterpart == $"{EmergencyChart} -> {chart} by check-in");
        Assert.Empty(await net.B.Database.ListDemographicsOverridesAsync(ct));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMatchAudit && a.Counterpart == EmergencyChart);
    }

    [Fact]
    public async Task ConfirmDeskCheckIn_EmergencyChartSamePatient_MergedOnlyWhenTheClerkConfirms()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        await net.B.RegisterDemographicsAsync(chart, IdentifiedPatientJson(), "application/fhir+json", ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);

        // At the desk the check-in is pending until the clerk types the phone's digits: nothing is merged before that.
        var code = net.B.DeskChallenges.Issue();
        using var visit = await net.Patient.BeginVisitAsync(net.EndpointOf(net.B), net.B.Address, code, ct);
        Assert.True(visit.Pending);
        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);

        Assert.Equal(chart, await net.B.ConfirmDeskCheckInAsync(code.Challenge, visit.ConfirmationCode, ct));

        Assert.Contains(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        Assert.Empty(await net.B.Database.ListEmergencyChartsAsync(ct));
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit && a.Counterpart == $"{EmergencyChart} -> {chart} by check-in");
    }

    [Fact]
    public async Task RegisterDemographics_UnconsciousPatientCheckedInLater_MergedOnceDemographicsKnown()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);

        // First check-in: a new chart with nothing to compare, so nothing is merged and nothing is asked.
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);
        Assert.Empty(await net.B.ListEmergencyChartQuestionsAsync(chart, ct));

        // The desk registers the patient's demographics: now they match the emergency copy's patient.
        await net.B.RegisterDemographicsAsync(chart, IdentifiedPatientJson(), "application/fhir+json", ct);

        Assert.Contains(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        Assert.Empty(await net.B.Database.ListEmergencyChartsAsync(ct));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit);
    }

    [Fact]
    public async Task FinishVisit_EmergencyChartNearMiss_NotMergedClerkAskedMergesOnlyWithReason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        await net.B.RegisterDemographicsAsync(chart, PatientJson("1961-12-04"), "application/fhir+json", ct); // day and month swapped
        await EmergencyCopyAsync(net, created.RecordId, ct);

        await net.VisitAsync(net.B, ct);

        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);
        Assert.DoesNotContain(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        var question = Assert.Single(await net.B.ListEmergencyChartQuestionsAsync(chart, ct));
        Assert.Equal(EmergencyChart, question.EmergencyChart);
        Assert.Equal(["birth date"], question.Mismatches);
        Assert.Contains("family name", question.Agreeing);

        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() => net.B.MergeEmergencyChartAsync(EmergencyChart, chart, "clerk-7", null, ct));
        Assert.Equal(["birth date"], refused.Fields);
        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);

        var moved = await net.B.MergeEmergencyChartAsync(EmergencyChart, chart, "clerk-7", new DemographicsOverride("birth date mistyped at A; confirmed with the patient"), ct);

        Assert.Equal(1, moved);
        Assert.Contains(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        Assert.Empty(await net.B.Database.ListEmergencyChartsAsync(ct));
        var decision = Assert.Single(await net.B.Database.ListDemographicsOverridesAsync(ct));
        Assert.Equal((chart, "clerk-7", "birth date"), (decision.LocalId, decision.Practitioner, decision.Fields));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit && a.Counterpart == $"{EmergencyChart} -> {chart} by clerk-7");
    }

    private static async Task EmergencyCopyAsync(NodeNetwork net, Core.RecordId recordId, CancellationToken ct)
    {
        await net.B.FundPractitionersAsync(0.2m, ct);
        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, recordId, 1, net.B.Keys.PractitionerAddresses[0], EmergencyChart), ct);
    }

    private static byte[] PatientJson(string birthDate) => Encoding.UTF8.GetBytes(
        $$"""{"resourceType":"Patient","name":[{"family":"Quellenberg","given":["Johanna"]}],"birthDate":"{{birthDate}}"}""");

    /// <summary>The sample patient with the sample record's identifier (same system and value): the same person beyond doubt.</summary>
    private static byte[] IdentifiedPatientJson() => Encoding.UTF8.GetBytes(
        $$"""{"resourceType":"Patient","identifier":[{"system":"urn:oid:1.2.36.146.595.217.0.1","value":"{{SampleRecords.PatientIdentifier}}"}],"name":[{"family":"Quellenberg","given":["Johanna"]}],"birthDate":"1961-04-12"}""");
}
