using System.Text;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Review finding 8 on a real chain with real nodes: B's wrong-patient check of an emergency copy can only run after A
/// disclosed it, so a refused copy is kept in quarantine (encrypted, in no chart) and an override files that copy — A
/// discloses once. Unfiled copies expire and are purged (audited).
/// </summary>
public sealed class EmergencyQuarantineTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string Chart = "B-ER-Q8";

    [Fact]
    public async Task FileQuarantinedEmergency_OverrideAfterMismatch_FiledFromQuarantineAndAAuditsOneDisclosure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (doctor, other) = await QuarantineOtherPersonsRecordAsync(net, ct);

        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));
        var quarantineId = Assert.IsType<string>(refused.QuarantineId);

        // In quarantine: not in the chart, not listed, audited at B.
        Assert.Single(await net.B.Database.ListChartRecordsAsync(Chart, ct));
        Assert.DoesNotContain(await net.B.Database.ListRecordsAsync(ct), r => r.RecordId == other.RecordId.ToString());
        Assert.Equal(1, await net.B.Database.CountQuarantineAsync(ct));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.QuarantineAudit && a.RecordId == other.RecordId.ToString());
        await Assert.ThrowsAsync<ArgumentException>(() => net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(quarantineId, null, null, null, new DemographicsOverride(" ")), doctor, ct));

        var filer = doctor;
        var filed = await net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(quarantineId, Chart, other.RecordId, net.A.Address, new DemographicsOverride("confirmed by phone with A's records desk")), filer, ct);

        Assert.Equal(other.RecordId, filed.RecordId);
        Assert.Contains(await net.B.Database.ListChartRecordsAsync(Chart, ct), r => r.RecordId == other.RecordId.ToString());
        Assert.Equal(0, await net.B.Database.CountQuarantineAsync(ct));
        var decision = Assert.Single(await net.B.Database.ListDemographicsOverridesAsync(ct));
        Assert.Equal((Chart, other.RecordId.ToString(), filer.Lower), (decision.LocalId, decision.RecordId, decision.Practitioner));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.QuarantineFiledAudit && a.RecordId == other.RecordId.ToString());

        // One emergency request from B for this record, and A disclosed it once.
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.EmergencyRequestAudit && a.RecordId == other.RecordId.ToString());
        Assert.Single(await net.A.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.EmergencyFulfilAudit && a.RecordId == other.RecordId.ToString());
        Assert.Single(await net.A.Database.ListReadsAsync(ct), r => r.RecordId == other.RecordId.ToString() && r.Basis == "break-glass");

        // Filed once: the quarantine id is spent.
        await Assert.ThrowsAsync<UnknownEntityException>(() => net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(quarantineId, null, null, null, new DemographicsOverride("again")), filer, ct));
    }

    [Fact]
    public async Task FileQuarantinedEmergency_CopyExpired_RefusedAndPurgedWithAuditLine()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (doctor, other) = await QuarantineOtherPersonsRecordAsync(net, ct);
        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));

        // The copy's time is up (EmergencyQuarantineTime after it was kept).
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(net.Root, "hospital-B", "emr.db"), Pooling = false }.ToString()))
        {
            await c.OpenAsync(ct);
            await using var update = c.CreateCommand();
            update.CommandText = "UPDATE emergency_quarantine SET expires_at = created_at - 1";
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }

        await Assert.ThrowsAsync<UnknownEntityException>(() =>
            net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(refused.QuarantineId!, null, null, null, new DemographicsOverride("too late")), doctor, ct));

        Assert.Equal(0, await net.B.Database.CountQuarantineAsync(ct));
        Assert.Contains(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.QuarantinePurgeAudit && a.RecordId == other.RecordId.ToString());
        Assert.DoesNotContain(await net.B.Database.ListRecordsAsync(ct), r => r.RecordId == other.RecordId.ToString());
    }

    [Fact]
    public async Task RequestEmergencyRecord_NewQuarantineAfterExpiry_ExpiredCopyPurgedWithoutWatcher()
    {
        // Break-glass fix 6: the purge no longer waits for a successful chain poll; a new quarantined copy purges too.
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (doctor, other) = await QuarantineOtherPersonsRecordAsync(net, ct);
        var first = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));
        await using (var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(net.Root, "hospital-B", "emr.db"), Pooling = false }.ToString()))
        {
            await c.OpenAsync(ct);
            await using var update = c.CreateCommand();
            update.CommandText = "UPDATE emergency_quarantine SET expires_at = created_at - 1";
            Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        }

        var second = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));

        Assert.NotEqual(first.QuarantineId, second.QuarantineId);
        Assert.Equal(1, await net.B.Database.CountQuarantineAsync(ct));
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.QuarantinePurgeAudit);
    }

    [Fact]
    public async Task FileQuarantinedEmergency_CorrectedChart_FiledIntoCorrectedChartAndGivenFieldsHeld()
    {
        // Break-glass fix 1: the clinician mistyped the chart, corrects it and submits the held copy; it must go into
        // the corrected chart (checked again there), never silently into the chart that refused it.
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (doctor, other) = await QuarantineOtherPersonsRecordAsync(net, ct);
        var refused = await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, other.RecordId, 1, doctor, Chart), ct));
        var id = refused.QuarantineId!;

        // A record or custodian given that is not the held copy's: 409 naming the field, still held.
        var first = RecordId.Parse((await net.B.Database.ListChartRecordsAsync(Chart, ct))[0].RecordId);
        var wrongRecord = await Assert.ThrowsAsync<QuarantineFilingMismatchException>(() =>
            net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(id, "B-ER-Q8-right", first, net.A.Address, null), doctor, ct));
        Assert.Equal("record", wrongRecord.Field);
        var wrongCustodian = await Assert.ThrowsAsync<QuarantineFilingMismatchException>(() =>
            net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(id, "B-ER-Q8-right", other.RecordId, net.B.Address, null), doctor, ct));
        Assert.Equal("custodian", wrongCustodian.Field);

        // A corrected chart about a third person still needs the reason; nothing filed, still held.
        var third = (await net.VisitAsync(net.B, ct)).LocalPatientId;
        await net.B.CreateRecordAsync(third, SampleRecords.HbA1cBundle(), "application/fhir+json", doctor, null, ct);
        await Assert.ThrowsAsync<PatientMismatchException>(() =>
            net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(id, third, other.RecordId, net.A.Address, null), doctor, ct));
        Assert.Equal(1, await net.B.Database.CountQuarantineAsync(ct));

        // The corrected chart (a new emergency chart, nothing in it to disagree) matches: filed there with no
        // override; the mistyped chart is untouched.
        var filed = await net.B.FileQuarantinedEmergencyAsync(new QuarantineFiling(id, "B-ER-Q8-right", other.RecordId, net.A.Address, null), doctor, ct);

        Assert.Equal(other.RecordId, filed.RecordId);
        Assert.Contains(await net.B.Database.ListChartRecordsAsync("B-ER-Q8-right", ct), r => r.RecordId == other.RecordId.ToString());
        Assert.DoesNotContain(await net.B.Database.ListChartRecordsAsync(Chart, ct), r => r.RecordId == other.RecordId.ToString());
        Assert.Empty(await net.B.Database.ListDemographicsOverridesAsync(ct));
        Assert.Equal(0, await net.B.Database.CountQuarantineAsync(ct));
    }

    /// <summary>The sample record about another person than the sample patient.</summary>
    private static byte[] OtherPersonBundle() => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(SampleRecords.HbA1cBundle())
        .Replace("Quellenberg", "Nguyen", StringComparison.Ordinal).Replace("Johanna", "Lan", StringComparison.Ordinal)
        .Replace("1961-04-12", "1971-03-09", StringComparison.Ordinal).Replace("MRN-4471-9902", "MRN-0000-1111", StringComparison.Ordinal));

    /// <summary>B files the patient's record from A into <see cref="Chart"/>; A also holds a record about another person.</summary>
    private static async Task<(ChainAddress Doctor, RecordCreated Other)> QuarantineOtherPersonsRecordAsync(NodeNetwork net, CancellationToken ct)
    {
        var (visit, first) = await net.RecordAtAAsync(ct);
        var otherPerson = OtherPersonBundle();
        var other = await net.A.CreateRecordAsync(visit.LocalPatientId, otherPerson, "application/fhir+json", net.A.Keys.PractitionerAddresses[0],
            new DemographicsOverride("test: a record about another person"), ct);
        await net.B.FundPractitionersAsync(0.2m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];
        await net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, first.RecordId, 1, doctor, Chart), ct);
        return (doctor, other);
    }
}
