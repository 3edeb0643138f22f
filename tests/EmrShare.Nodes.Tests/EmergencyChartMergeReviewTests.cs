using System.Text;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Break-glass review fixes 2–4 on a real chain with real nodes: family name and birth date alone never merge an
/// emergency chart by themselves; the clerk's merge needs a reason unless the charts are the same patient beyond doubt
/// and names the clerk; one corrupt emergency chart does not fail a check-in.
/// </summary>
public sealed class EmergencyChartMergeReviewTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string EmergencyChart = "B-ER-R1";

    [Fact]
    public async Task FinishVisit_FamilyNameAndBirthDateOnly_NotMergedOneClerkQuestion()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        // Two "Quellenberg, 1961-04-12": the given name is missing on one side, no identifier, no pseudonym to compare.
        await net.B.RegisterDemographicsAsync(chart, Encoding.UTF8.GetBytes("""{"resourceType":"Patient","name":[{"family":"Quellenberg"}],"birthDate":"1961-04-12"}"""), "application/fhir+json", ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);

        await net.VisitAsync(net.B, ct);

        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);
        Assert.DoesNotContain(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        var question = Assert.Single(await net.B.ListEmergencyChartQuestionsAsync(chart, ct));
        Assert.Empty(question.Mismatches);
        Assert.DoesNotContain(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit);

        // The clerk's merge needs a reason here too (nothing differs, but nothing proves the same person).
        await Assert.ThrowsAsync<PatientMismatchException>(() => net.B.MergeEmergencyChartAsync(EmergencyChart, chart, "clerk-9", null, ct));
        await net.B.MergeEmergencyChartAsync(EmergencyChart, chart, "clerk-9", new DemographicsOverride("confirmed date of birth and address with the patient"), ct);

        Assert.Contains(await net.B.Database.ListChartRecordsAsync(chart, ct), r => r.RecordId == created.RecordId.ToString());
        Assert.Equal("clerk-9", Assert.Single(await net.B.Database.ListDemographicsOverridesAsync(ct)).Practitioner);
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit && a.Counterpart == $"{EmergencyChart} -> {chart} by clerk-9");
    }

    [Fact]
    public async Task MergeEmergencyChart_UnrelatedChartNoReason_RefusedNothingMoved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId; // no demographics: nothing can be compared

        await Assert.ThrowsAsync<PatientMismatchException>(() => net.B.MergeEmergencyChartAsync(EmergencyChart, chart, "clerk-9", null, ct));

        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);
        Assert.Empty(await net.B.Database.ListChartRecordsAsync(chart, ct));
        Assert.DoesNotContain(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.ChartMergeAudit);
    }

    [Fact]
    public async Task FinishVisit_CorruptEmergencyChartDemographics_CheckInSucceedsChartSkipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var chart = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        await net.B.RegisterDemographicsAsync(chart, Encoding.UTF8.GetBytes("""{"resourceType":"Patient","name":[{"family":"Quellenberg","given":["Johanna"]}],"birthDate":"1961-04-12"}"""), "application/fhir+json", ct);
        await EmergencyCopyAsync(net, created.RecordId, ct);
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(net.Root, "hospital-B", "emr.db"), Pooling = false }.ToString()))
        {
            await c.OpenAsync(ct);
            await using var update = c.CreateCommand();
            update.CommandText = "UPDATE patient_demographics SET sealed = randomblob(80) WHERE local_id = $id";
            update.Parameters.AddWithValue("$id", EmergencyChart);
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }

        var visit = await net.VisitAsync(net.B, ct);

        Assert.Equal(chart, visit.LocalPatientId);
        Assert.Empty(await net.B.ListEmergencyChartQuestionsAsync(chart, ct));
        Assert.Contains(await net.B.Database.ListEmergencyChartsAsync(ct), c => c.LocalId == EmergencyChart);
    }

    private static async Task EmergencyCopyAsync(NodeNetwork net, Core.RecordId recordId, CancellationToken ct)
    {
        await net.B.FundPractitionersAsync(0.2m, ct);
        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, recordId, 1, net.B.Keys.PractitionerAddresses[0], EmergencyChart), ct);
    }
}
