using EmrShare.Ledger;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Reliability.Tests.Support;

namespace EmrShare.Reliability.Tests;

/// <summary>
/// A hospital node restarted on a data folder that no longer takes writes (a disk the kernel remounted read-only
/// after an I/O error; here the immutable attribute): the node opens, serves every record acknowledged before,
/// refuses creates with a typed error and anchors nothing, and works normally once the folder is writable again.
/// Why restart: while a node runs, SQLite's WAL index is a shared memory map of the -shm file, and the kernel answers
/// a write to that map with SIGBUS once the file is immutable or its file system read-only — the process dies the
/// way it would on a yanked disk. A supervisor restarts it; these tests show what it then does (threat-model § 5b, R1).
/// </summary>
// Runs alone: chattr on a folder while a parallel test clears SQLite pools is needless noise.
[Collection(nameof(ReadOnlyDataFolderTests))]
public sealed class ReadOnlyDataFolderTests
{
    private static readonly IReadOnlyList<string> Keys = LedgerOptions.DevPrivateKeys;

    [Fact]
    public async Task Restart_CleanlyStoppedNodeOnReadOnlyFolder_ServesReadsRefusesCreatesTyped()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new LedgerNode(folder.Sub("ledger"));
        await ledger.StartAsync(ct);
        var access = ledger.Access;
        var scenario = await CrashScenario.SetUpAsync(access, Keys, folder.Path, ct);
        var acks = new List<Ack>();
        await using (var hospital = await scenario.OpenHospitalAsync(access, ct))
        {
            for (var i = 0; i < 3; i++)
            {
                var created = await hospital.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(6 + i), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct);
                acks.Add(new Ack(created.RecordId, created.Version, created.Cid, created.Commitment));
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await AssertReadOnlyRestartAsync(scenario, access, acks, ct);
    }

    [Fact]
    public async Task Restart_KilledNodeOnReadOnlyFolder_ServesEveryAcknowledgedRecordFromTheWal()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        await using var ledger = new LedgerNode(folder.Sub("ledger"));
        await ledger.StartAsync(ct);
        var access = ledger.Access;
        var scenario = await CrashScenario.SetUpAsync(access, Keys, folder.Path, ct);

        // kill -9 mid-load leaves -wal and -shm behind with commits not yet checkpointed into the database file.
        var acks = new List<Ack>();
        await using (var host = scenario.StartCreateLoadProcess(ledger.RpcUrl, workers: 2))
        {
            await CrashScenario.WaitForAcksAsync(host, 6, ct);
            host.Kill();
            acks.AddRange(host.Output.Select(CrashScenario.ParseAck).OfType<Ack>());
        }

        Assert.True(File.Exists(Path.Combine(scenario.HospitalFolder, "emr.db-wal")), "the killed node should leave its WAL behind");
        await AssertReadOnlyRestartAsync(scenario, access, acks, ct);
    }

    [Fact]
    public async Task Open_ReadOnlyFolderWithoutADatabase_TypedRefusalNothingCreated()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempFolder();
        var empty = folder.Sub("hospital-empty");
        Directory.CreateDirectory(empty);
        var keys = new Nodes.Hospital.HospitalKeys(Keys[1], Core.HexBytes.ToHex(Nodes.Hospital.HospitalKeys.NewSigningKey()), []);
        var addresses = new Chain.EmrShareAddresses("0x" + new string('a', 40), "0x" + new string('b', 40), "0x" + new string('c', 40), "0x" + new string('d', 40)); // never reached
        using (new ReadOnlyFolder(empty))
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => Nodes.Hospital.HospitalService.OpenAsync(
                new Nodes.Hospital.HospitalOptions("E", empty, keys, ChainAccess.ForRpc(new Uri("http://127.0.0.1:9/"), 31337), addresses, new Nodes.Transport.HospitalDirectory()), ct));
            StorageRefusal.AssertTyped(refused);
        }

        Assert.Empty(Directory.GetFileSystemEntries(empty));
    }

    /// <summary>Opens the node on the folder made immutable, checks reads and the typed refusal, then recovery.</summary>
    private static async Task AssertReadOnlyRestartAsync(CrashScenario scenario, ChainAccess access, IReadOnlyCollection<Ack> acks, CancellationToken ct)
    {
        var reader = scenario.Reader(access);
        using (new ReadOnlyFolder(scenario.HospitalFolder))
        {
            await using var restarted = await scenario.OpenHospitalAsync(access, ct);
            var web3 = access.Connect(scenario.AccountKey);
            var head = (await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            foreach (var ack in acks)
            {
                Assert.NotEmpty((await restarted.ReadRecordAsync(ack.RecordId, ct)).Content);
            }

            // Rows, blobs and anchors of every acknowledged record; at most one cut-off create per writer left a blob.
            Assert.InRange(await CrashScenario.AssertNothingLostNoHalfStateAsync(restarted, reader, acks, ct), 0, 2);
            Assert.NotEmpty(await restarted.Database.ListAuditAsync(ct));

            var refused = await Assert.ThrowsAnyAsync<Exception>(() => restarted.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(9.1m), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct));
            TestContext.Current.TestOutputHelper?.WriteLine($"{acks.Count} acknowledged records readable after a read-only restart; create refused with {refused.GetType().Name}: {refused.Message}");
            StorageRefusal.AssertTyped(refused);
            Assert.Equal(head, (await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value); // nothing anchored for the refused create
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var writable = await scenario.OpenHospitalAsync(access, ct);
        var after = await writable.CreateRecordAsync(scenario.LocalPatientId, SampleRecords.HbA1cBundle(9.2m), "application/fhir+json", scenario.Keys.PractitionerAddresses[0], ct);
        Assert.Equal(SampleRecords.HbA1cBundle(9.2m), (await writable.ReadRecordAsync(after.RecordId, ct)).Content);
        Assert.Equal(acks.Count + 1, (await writable.Database.ListRecordsAsync(ct)).Count);
    }
}

[CollectionDefinition(nameof(ReadOnlyDataFolderTests), DisableParallelization = true)]
public sealed class ReadOnlyDataFolderCollection;
