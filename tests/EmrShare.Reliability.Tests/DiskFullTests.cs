using EmrShare.Nodes.Tests.Support;
using EmrShare.Reliability.Tests.Support;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// The disk under a hospital's data folder fills up (a real tmpfs, filled with a filler file): creating a record
/// fails, nothing half-written stays behind or reaches the chain, and the same node works again once space is freed.
/// </summary>
public sealed class DiskFullTests(InProcessLedger chain) : IClassFixture<InProcessLedger>
{
    [Fact]
    public async Task CreateRecord_DiskFull_FailsWithoutHalfStateAndRecoversWhenSpaceFreed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var disk = TinyDisk.TryMount(16);
        Assert.SkipWhen(disk is null, "this machine does not let tests mount a small tmpfs (needs root)");
        var scenario = await CrashScenario.SetUpAsync(chain.Access, InProcessLedger.Keys, disk.Path, ct);
        await using var hospital = await scenario.OpenHospitalAsync(chain.Access, ct);
        var practitioner = scenario.Keys.PractitionerAddresses[0];
        var existing = await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", practitioner, ct);
        var pins = await hospital.Store.ListPinsAsync(ct).CountAsync(ct);
        var head = chain.Ledger.Head.Number;

        disk.Fill();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(8.8m), "application/fhir+json", practitioner, ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"create on a full disk: {refused.GetType().FullName}: {refused.Message}");
        StorageRefusal.AssertTyped(refused);
        Assert.Equal(head, chain.Ledger.Head.Number); // nothing anchored for the failed create
        disk.Free();

        Assert.Single(await hospital.Database.ListRecordsAsync(ct));
        Assert.Equal(pins, await hospital.Store.ListPinsAsync(ct).CountAsync(ct));
        Assert.Equal(SampleRecords.HbA1cBundle(), (await hospital.ReadRecordAsync(existing.RecordId, ct)).Content);
        var after = await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(8.9m), "application/fhir+json", practitioner, ct);
        Assert.Equal(SampleRecords.HbA1cBundle(8.9m), (await hospital.ReadRecordAsync(after.RecordId, ct)).Content);
    }

    [Fact]
    public async Task ReadAndCreate_WhileDiskFull_ReadsWorkAndCreateThrowsTypedNodeError()
    {
        var ct = TestContext.Current.CancellationToken;
        using var disk = TinyDisk.TryMount(16);
        Assert.SkipWhen(disk is null, "this machine does not let tests mount a small tmpfs (needs root)");
        var scenario = await CrashScenario.SetUpAsync(chain.Access, InProcessLedger.Keys, disk.Path, ct);
        await using var hospital = await scenario.OpenHospitalAsync(chain.Access, ct);
        var existing = await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct);

        disk.Fill();

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(8.8m), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct));
        StorageRefusal.AssertTyped(refused);

        // Reads of everything already stored keep working on the full disk (row, blob, listings, audit).
        Assert.Equal(SampleRecords.HbA1cBundle(), (await hospital.ReadRecordAsync(existing.RecordId, ct)).Content);
        Assert.Single(await hospital.Database.ListRecordsAsync(ct));
        Assert.NotEmpty(await hospital.Database.ListAuditAsync(ct));
        Assert.Equal(1, await hospital.Store.ListPinsAsync(ct).CountAsync(ct));

    }
}
