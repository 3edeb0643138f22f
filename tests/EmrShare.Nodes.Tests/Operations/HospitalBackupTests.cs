using System.Collections.Concurrent;
using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Operations;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests.Operations;

/// <summary>
/// Online backup while a hospital keeps creating records, restore into a fresh folder, and the restore's check:
/// every acknowledged record decrypts and its on-chain anchor opens.
/// </summary>
public sealed class HospitalBackupTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task Backup_UnderRunningCreateLoop_RestoreReadsAndVerifiesEveryAcknowledgedRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var visit = await net.VisitAsync(net.A, ct);
        var acknowledged = new ConcurrentQueue<RecordId>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var created = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
                acknowledged.Enqueue(created.RecordId);
            }
        }, ct);
        await WaitUntilAsync(() => acknowledged.Count >= 3, ct);

        var before = acknowledged.ToArray();
        var backup = Path.Combine(net.Root, "backup-A");
        var manifest = await HospitalBackup.CreateAsync(Path.Combine(net.Root, "hospital-A"), backup, TimeProvider.System, ct);
        await WaitUntilAsync(() => acknowledged.Count >= before.Length + 2, ct); // the node kept writing
        await stop.CancelAsync();
        await loop;

        Assert.True(manifest.RecordVersions >= before.Length);
        var restoredFolder = Path.Combine(net.Root, "restored-A");
        await HospitalBackup.RestoreFilesAsync(backup, restoredFolder, ct);
        await using var restored = await HospitalService.OpenAsync(
            new HospitalOptions("A", restoredFolder, net.A.Keys, net.Access, net.Center.Addresses, new HospitalDirectory()) { WatchAccessRequests = false }, ct);
        foreach (var id in before)
        {
            Assert.Equal(SampleRecords.HbA1cBundle(), (await restored.ReadRecordAsync(id, ct)).Content);
        }

        var rows = await restored.Database.ListRecordsAsync(ct);
        Assert.Equal(manifest.RecordVersions, rows.Count);
        foreach (var row in rows)
        {
            Assert.Equal(RecordCheckOutcome.Verified, (await restored.VerifyHeldVersionAsync(row, ct)).Outcome);
        }
    }

    [Fact]
    public async Task VerifyHeldVersion_SaltOrCiphertextAltered_Failed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var visit = await net.VisitAsync(net.A, ct);
        var first = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var second = await net.A.CreateRecordAsync(visit.LocalPatientId, SampleRecords.HbA1cBundle(6.1m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var rows = await net.A.Database.ListRecordsAsync(ct);
        var one = rows.Single(r => r.RecordId == first.RecordId.ToString());
        var two = rows.Single(r => r.RecordId == second.RecordId.ToString());

        Assert.Equal(RecordCheckOutcome.Verified, (await net.A.VerifyHeldVersionAsync(one, ct)).Outcome);
        // A salt that does not open the anchored commitment, and another record's ciphertext under this one's key.
        Assert.Equal(RecordCheckOutcome.Failed, (await net.A.VerifyHeldVersionAsync(one with { Salt = two.Salt }, ct)).Outcome);
        Assert.Equal(RecordCheckOutcome.Failed, (await net.A.VerifyHeldVersionAsync(one with { Cid = two.Cid }, ct)).Outcome);
    }

    [Fact]
    public async Task Restore_BackupFileAltered_RefusedAndNothingRestored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        await net.RecordAtAAsync(ct);
        var backup = Path.Combine(net.Root, "backup-A");
        await HospitalBackup.CreateAsync(Path.Combine(net.Root, "hospital-A"), backup, TimeProvider.System, ct);
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(backup, "emr.db"), Pooling = false }.ToString()))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE records SET content_type = 'text/plain'";
            await command.ExecuteNonQueryAsync(ct);
        }

        var target = Path.Combine(net.Root, "restored-A");
        var refused = await Assert.ThrowsAsync<BackupException>(() => HospitalBackup.RestoreFilesAsync(backup, target, ct));
        Assert.Contains("emr.db", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "emr.db")));
        await Assert.ThrowsAsync<BackupException>(() => HospitalBackup.CreateAsync(Path.Combine(net.Root, "hospital-A"), backup, TimeProvider.System, ct));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
