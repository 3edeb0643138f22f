using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.TestSupport;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Review S3: the custodian's claim of an emergency request and the read-audit row of the disclosure are one SQLite
/// transaction. A failure between the two (simulated by a trigger that aborts the read-audit insert) leaves neither,
/// so the key never leaves without its audit row and a refusal is never left half-written.
/// </summary>
public sealed class EmergencyClaimTests(HardhatFixture chain) : IClassFixture<HardhatFixture>
{
    private const string FailReads = "CREATE TRIGGER fail_reads BEFORE INSERT ON record_reads BEGIN SELECT RAISE(ABORT, 'simulated crash'); END;";

    [Fact]
    public async Task TryClaimFulfilment_ReadAuditInsertFails_ClaimRolledBackThenClaimedOnceWithItsRow()
    {
        var ct = TestContext.Current.CancellationToken;
        var dir = Directory.CreateTempSubdirectory("emrshare-claim-");
        try
        {
            var db = await HospitalDatabase.OpenAsync(Path.Combine(dir.FullName, "emr.db"), ct);
            var claim = new FulfilmentRow { RequestId = "0x01", Grantee = "0xb", GrantId = EmrShare.Core.Hash32.Zero.ToString(), RecordId = "r1", Status = "sending", DeliveryJson = "{}", CreatedAt = 1 };
            var read = new ReadAuditRow { At = 1, Actor = "0xdoc", Role = "peer-practitioner", RecordId = "r1", Route = "emergency request", Basis = "break-glass", Reason = "1" };

            // The read-audit insert fails after the claim's insert (a CHECK constraint): the claim must go with it.
            await Assert.ThrowsAsync<SqliteException>(() => db.TryClaimFulfilmentAsync(claim, read with { Basis = "not-a-basis" }, null, ct));
            Assert.Null(await db.FindFulfilmentAsync(claim.RequestId, ct));
            Assert.Empty(await db.ListReadsAsync(ct));

            Assert.True(await db.TryClaimFulfilmentAsync(claim, read, null, ct));
            Assert.False(await db.TryClaimFulfilmentAsync(claim, read, null, ct));
            Assert.NotNull(await db.FindFulfilmentAsync(claim.RequestId, ct));
            Assert.Single(await db.ListReadsAsync(ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task EmergencyRequest_CustodianFailsBetweenClaimAndReadAudit_NothingStagedThenServedWithOneAuditRow()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(chain.Endpoint, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        await net.B.FundPractitionersAsync(0.1m, ct);
        var doctor = net.B.Keys.PractitionerAddresses[0];
        var dbA = new SqliteConnectionStringBuilder { DataSource = Path.Combine(net.Root, "hospital-A", "emr.db"), Pooling = false }.ToString();
        await ExecuteAsync(dbA, FailReads, ct);

        var request = net.B.RequestEmergencyRecordAsync(new EmergencyRequest(net.A.Address, created.RecordId, 1, doctor, "B-ER-0002"), ct);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (net.A.WatcherLastError is null && !request.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        // A's watcher hit the failure: no claim, no key staged, no audit row; the request stays open for the retry.
        Assert.NotNull(net.A.WatcherLastError);
        Assert.False(request.IsCompleted);
        Assert.Empty(await net.A.Database.ListFulfilmentsAsync(ct));
        Assert.DoesNotContain(await net.A.Database.ListReadsAsync(ct), r => r.Basis == "break-glass");

        await ExecuteAsync(dbA, "DROP TRIGGER fail_reads;", ct);
        var received = await request;

        Assert.Equal(created.RecordId, received.RecordId);
        var served = Assert.Single(await net.A.Database.ListFulfilmentsAsync(ct));
        Assert.Equal("fulfilled", served.Status);
        var audit = Assert.Single(await net.A.Database.ListReadsAsync(ct));
        Assert.Equal(("break-glass", doctor.Lower), (audit.Basis, audit.Actor));
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync(ct);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
