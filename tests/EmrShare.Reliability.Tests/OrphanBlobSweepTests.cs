using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.Reliability.Tests.Support;
using EmrShare.Storage;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// Finding R3: a create cut between its envelope put and its row leaves a pinned blob no row refers to. The sweep
/// removes such blobs once they are older than the grace period, and never a blob a record row refers to.
/// </summary>
public sealed class OrphanBlobSweepTests(InProcessLedger chain) : IClassFixture<InProcessLedger>
{
    [Fact]
    public async Task SweepAtOpen_OrphanOlderThanGrace_RemovedAndRecordsIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var scenario = await CrashScenario.SetUpAsync(chain.Access, InProcessLedger.Keys, folder.Path, ct);
        Cid orphan;
        RecordId kept;
        await using (var hospital = await scenario.OpenHospitalAsync(chain.Access, ct))
        {
            kept = (await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct)).RecordId;
            orphan = await hospital.Store.PutAsync(new MemoryStream(new byte[300_000]), PutOptions.Default, ct); // multi-block, no row
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Reopened at once: the orphan is younger than the grace period (it could be a create in flight elsewhere).
        await using (var young = await scenario.OpenHospitalAsync(chain.Access, ct))
        {
            Assert.True(await young.Store.HasAsync(orphan, ct));
        }

        // Reopened past the grace period: the sweep at open removes the orphan's pin and blocks, and nothing else.
        var later = new ShiftedTime(OrphanBlobSweep.DefaultGrace + TimeSpan.FromMinutes(1));
        await using var hospitalLater = await HospitalService.OpenAsync(
            new HospitalOptions("K", scenario.HospitalFolder, scenario.Keys, chain.Access, scenario.Addresses, new HospitalDirectory()) { Time = later }, ct);
        Assert.False(await hospitalLater.Store.HasAsync(orphan, ct));
        var pins = await hospitalLater.Store.ListPinsAsync(ct).ToListAsync(ct);
        var row = Assert.Single(await hospitalLater.Database.ListRecordsAsync(ct));
        Assert.Equal(row.Cid, Assert.Single(pins).ToString());
        Assert.Equal(SampleRecords.HbA1cBundle(), (await hospitalLater.ReadRecordAsync(kept, ct)).Content);
    }

    [Fact]
    public async Task Sweep_ReferencedAndYoungBlobs_NothingRemoved()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var scenario = await CrashScenario.SetUpAsync(chain.Access, InProcessLedger.Keys, folder.Path, ct);
        await using var hospital = await scenario.OpenHospitalAsync(chain.Access, ct);
        var created = await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct);
        var young = await hospital.Store.PutAsync(new MemoryStream([1, 2, 3]), PutOptions.Default, ct);
        var store = Assert.IsType<SqliteBlobStore>(hospital.Store);

        Assert.Equal(0, await OrphanBlobSweep.SweepAsync(hospital.Database, store, OrphanBlobSweep.DefaultGrace, TimeProvider.System, ct));
        Assert.True(await store.HasAsync(young, ct));

        Assert.Equal(1, await OrphanBlobSweep.SweepAsync(hospital.Database, store, TimeSpan.Zero, TimeProvider.System, ct));
        Assert.False(await store.HasAsync(young, ct));
        Assert.Equal(created.Cid, Assert.Single(await store.ListPinsAsync(ct).ToListAsync(ct)).ToString());
        Assert.Equal(SampleRecords.HbA1cBundle(), (await hospital.ReadRecordAsync(created.RecordId, ct)).Content);
    }

    [Fact]
    public async Task SweepAsync_NegativeGrace_Throws()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var db = await HospitalDatabase.OpenAsync(Path.Combine(folder.Path, "emr.db"), ct);
        using var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(folder.Path, "blobs.db")), null, ct);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OrphanBlobSweep.SweepAsync(db, store, TimeSpan.FromSeconds(-1), TimeProvider.System, ct));
        db.ReleaseConnections();
    }

    /// <summary>The system clock moved forward, as after the grace period has passed.</summary>
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
