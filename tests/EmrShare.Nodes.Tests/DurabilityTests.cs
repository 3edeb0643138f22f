using EmrShare.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Transport;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// <see cref="HospitalOptions.SyncEveryCommit"/> (CLI <c>--fsync</c>): the EMR database's connections commit with
/// synchronous=FULL (power-loss safe); by default NORMAL (kill -9 safe). Observed on the node's own pooled connection.
/// </summary>
public sealed class DurabilityTests
{
    [Theory]
    [InlineData(false, 1L)]
    [InlineData(true, 2L)]
    public async Task OpenAsync_SyncEveryCommit_EmrDatabaseCommitsWithMatchingSynchronousMode(bool syncEveryCommit, long expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(Path.GetTempPath(), "emrshare-durability-" + Guid.NewGuid().ToString("N"));
        try
        {
            var keys = HospitalKeys.Generate(Ledger.LedgerOptions.DevPrivateKeys[1]);
            var unused = new EmrShareAddresses("0x" + new string('a', 40), "0x" + new string('b', 40), "0x" + new string('c', 40), "0x" + new string('d', 40));
            var options = new HospitalOptions("D", folder, keys, ChainAccess.ForRpc(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), 31337), unused, new HospitalDirectory())
            {
                WatchAccessRequests = false,
                SyncEveryCommit = syncEveryCommit,
            };
            await using (var hospital = await HospitalService.OpenAsync(options, ct))
            {
                Assert.Equal(syncEveryCommit, hospital.Database.SyncEveryCommit);
                Assert.Empty(await hospital.Database.ListRecordsAsync(ct)); // a query, so a configured connection is back in the pool

                // The same connection string reaches the node's pool: the idle connection it configured.
                await using var pooled = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "emr.db"), Pooling = true }.ToString());
                await pooled.OpenAsync(ct);
                await using var pragma = pooled.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous";
                Assert.Equal(expected, (long)(await pragma.ExecuteScalarAsync(ct))!);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true); // the node released its pooled connections when disposed
        }
    }
}
