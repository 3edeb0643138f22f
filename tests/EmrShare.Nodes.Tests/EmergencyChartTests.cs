using System.Text;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Review C7 on a real chain with real nodes: an emergency copy is filed under the chart number the clinician typed,
/// so B compares the copy's patient with that chart first (demographics as in the wrong-patient check of a create,
/// and the custodian's pseudonym). A mismatch is refused with nothing filed, or filed with an override, a reason and
/// an audit line.
/// </summary>
public sealed class EmergencyChartTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string Chart = "B-ER-C7";

    [Fact]
    public async Task RequestEmergencyRecord_MistypedIdNamesAnotherPerson_RefusedNothingFiledThenOverrideFiledAndAudited()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visit, first) = await net.RecordAtAAsync(ct);

        // A record at A about someone else (A filed it with its own override): the id a mistyped card would lead to.
        var otherPerson = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SampleRecords.HbA1cBundle())
            .Replace("Quellenberg", "Nguyen", StringComparison.Ordinal).Replace("Johanna", "Lan", StringComparison.Ordinal)
            .Replace("1961-04-12", "1971-03-09", StringComparison.Ordinal).Replace("MRN-4471-9902", "MRN-0000-1111", StringComparison.Ordinal));
        var other = await net.A.CreateRecordAsync(visit.LocalPatientId, otherPerson, "application/fhir+json", net.A.Keys.PractitionerAddresses[0],
            new DemographicsOverride("test: a record about another person"), ct);
        await net.B.FundPractitionersAsync(0.2m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];

        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, first.RecordId, 1, doctor, Chart), ct);
        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));

        Assert.Contains("family name", refused.Fields);
        Assert.Contains("birth date", refused.Fields);
        Assert.DoesNotContain("Nguyen", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.RecordId.ToString(), Assert.Single(await net.B.Database.ListChartRecordsAsync(Chart, ct)).RecordId);

        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart,
            Override: new DemographicsOverride("confirmed by phone with A's records desk")), ct);

        Assert.Equal(2, (await net.B.Database.ListChartRecordsAsync(Chart, ct)).Count);
        var decision = Assert.Single(await net.B.Database.ListDemographicsOverridesAsync(ct));
        Assert.Equal((Chart, other.RecordId.ToString(), doctor.Lower, "confirmed by phone with A's records desk"),
            (decision.LocalId, decision.RecordId, decision.Practitioner, decision.Reason));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == "wrong-patient-override" && a.RecordId == other.RecordId.ToString());
    }

    [Fact]
    public async Task RequestEmergencyRecord_ChartHoldsCopyFromCustodianUnderAnotherPseudonym_RefusedNothingFiled()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (visit, first) = await net.RecordAtAAsync(ct);
        var second = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(6.1m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        await net.B.FundPractitionersAsync(0.2m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];
        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, first.RecordId, 1, doctor, Chart), ct);

        // The chart's copy from A now names another pseudonym at A, as a copy of another person's record would.
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(net.Root, "hospital-B", "emr.db"), Pooling = false }.ToString()))
        {
            await c.OpenAsync(ct);
            await using var update = c.CreateCommand();
            update.CommandText = "UPDATE records SET pseudonym = '0x00000000000000000000000000000000000000a1' WHERE local_patient_id = 'B-ER-C7'";
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }

        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, second.RecordId, 1, doctor, Chart), ct));

        Assert.Equal([HospitalService.CustodianPseudonymField], refused.Fields);
        Assert.Single(await net.B.Database.ListChartRecordsAsync(Chart, ct));
    }
}
