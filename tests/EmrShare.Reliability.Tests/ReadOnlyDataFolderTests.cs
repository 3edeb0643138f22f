using EmrShare.Nodes.Tests.Support;
using EmrShare.Reliability.Tests.Support;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// The hospital's data folder turns read-only (a full or remounted disk behaves the same for writers): creating
/// a record fails with an error, nothing reaches the chain, reads keep working, and once the folder is writable
/// again the same node creates records.
/// </summary>
// Runs alone: a pool clear by a parallel test (TempFolder/TinyDisk call ClearAllPools) while the folder is immutable
// makes SQLite re-open the WAL database and crash the process with SIGBUS (see threat-model § 5b, R1).
[Collection(nameof(ReadOnlyDataFolderTests))]
public sealed class ReadOnlyDataFolderTests(InProcessLedger chain) : IClassFixture<InProcessLedger>
{
    [Fact(Skip = "finding R1 (open): with the files made immutable (chattr +i) under open pooled WAL connections, SQLite re-opening the database crashes the process with SIGBUS (read-only -shm mapping); blob-store writes already fail typed, reads fall back to Mode=ReadOnly/immutable — see threat-model § 5b")]
    public async Task CreateRecord_DataFolderReadOnly_TypedErrorNothingAnchoredReadsKeepWorking()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Access, InProcessLedger.Keys, ct);
        var (visit, existing) = await net.RecordAtAAsync(ct);
        var head = chain.Ledger.Head.Number;
        var folder = Path.Combine(net.Root, "hospital-A");

        Exception refused;
        using (new ReadOnlyFolder(folder))
        {
            refused = await Assert.ThrowsAnyAsync<Exception>(() => net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(9.1m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct));
            TestContext.Current.TestOutputHelper?.WriteLine($"create on a read-only folder: {refused.GetType().FullName}: {refused.Message}");
            StorageRefusal.AssertTyped(refused);

            Assert.Equal(SampleRecords.HbA1cBundle(), (await net.A.ReadRecordAsync(existing.RecordId, ct)).Content);
            Assert.Single(await net.A.Database.ListRecordsAsync(ct));
            Assert.Equal(head, chain.Ledger.Head.Number); // nothing anchored for the failed create
        }

        var after = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(9.2m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(2, (await net.A.Database.ListRecordsAsync(ct)).Count);
        Assert.Equal(SampleRecords.HbA1cBundle(9.2m), (await net.A.ReadRecordAsync(after.RecordId, ct)).Content);
    }
}

[CollectionDefinition(nameof(ReadOnlyDataFolderTests), DisableParallelization = true)]
public sealed class ReadOnlyDataFolderCollection;
