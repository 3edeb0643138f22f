using System.Collections.Concurrent;
using System.Globalization;
using EmrShare.MultiHost.Tests.Harness;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 Tests: <c>hospital backup --to</c> runs while hospital A serves and records are created at A one after
/// another (each a separate <c>create-record</c> process, acknowledged by its record id and anchor); <c>restore
/// --from</c> into a fresh folder then verifies every held version (decrypts, anchor checks), and every record
/// acknowledged before the backup began is in the restored node and reads back byte for byte.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class BackupUnderLoadTests(ConsortiumFixture fixture)
{
    [Fact]
    public async Task Backup_WhileRecordsAreCreated_RestoreHoldsAndVerifiesEveryAcknowledgedRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        var acknowledged = new ConcurrentDictionary<string, decimal>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var backupDone = new TaskCompletionSource();
        var loop = Task.Run(async () =>
        {
            // Keeps creating until the backup finished and one more record was acknowledged after it.
            for (var i = 0; ; i++)
            {
                var finished = backupDone.Task.IsCompleted;
                var value = 5.0m + (i / 10m);
                acknowledged[await fixture.CreateRecordAtAAsync(value, ct)] = value;
                if (finished)
                {
                    return;
                }
            }
        }, ct);

        while (acknowledged.IsEmpty && !loop.IsCompleted)
        {
            await Task.Delay(50, ct);
        }

        var beforeBackup = acknowledged.ToArray();
        var backupFolder = fixture.Net.PathOf("backup-A");
        // No --passphrase-file: a backup copies the keystore still encrypted, and the command refuses options it would ignore.
        var backup = await fixture.Net.RunAsync(["hospital", "backup", "--data", fixture.Net.Folder("hospital-A"), "--to", backupFolder], ct);
        backupDone.SetResult();
        await loop;
        backup.EnsureOk();
        Assert.True(fixture.HospitalA.IsRunning, fixture.HospitalA.ToString());

        var restored = (await fixture.Net.ActorAsync("hospital", "restored-A", "restore", ["--from", backupFolder, "--deployment", fixture.DeploymentFile], ct)).EnsureOk();
        Assert.Equal("0", restored.Field("failed-count"));
        Assert.Equal(restored.Field("record-versions"), restored.Field("verified"));
        Assert.Equal(backup.Field("record-versions"), restored.Field("record-versions"));

        var held = (await fixture.Net.ActorAsync("hospital", "restored-A", "records", ["--deployment", fixture.DeploymentFile], ct)).EnsureOk().Fields("record").ToList();
        foreach (var (recordId, value) in beforeBackup)
        {
            Assert.Contains(held, r => r.StartsWith(recordId, StringComparison.Ordinal));
            var copy = fixture.Net.PathOf($"restored-{recordId}.json");
            (await fixture.Net.ActorAsync("hospital", "restored-A", "read", ["--record", recordId, "--out", copy, "--deployment", fixture.DeploymentFile], ct)).EnsureOk();
            Assert.Equal(SampleRecords.HbA1cBundle(value), await File.ReadAllBytesAsync(copy, ct));
        }

        // Records acknowledged while the backup ran are either wholly in it (and verified above) or not at all.
        var inBackup = acknowledged.Keys.Count(id => held.Any(r => r.StartsWith(id, StringComparison.Ordinal)));
        Assert.InRange(inBackup, beforeBackup.Length, acknowledged.Count - 1);
        Assert.Equal(int.Parse(backup.Field("record-versions"), CultureInfo.InvariantCulture), held.Count);
    }
}
