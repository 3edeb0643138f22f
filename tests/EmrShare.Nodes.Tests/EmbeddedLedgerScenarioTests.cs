using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>The same actors on the embedded ledger (what <c>emrshare demo</c> runs on) instead of Hardhat.</summary>
public sealed class EmbeddedLedgerScenarioTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task ShareFlow_OnEmbeddedLedger_SharesThenRefusesAfterRevoke()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [], NodeNetwork.InAWeek, ct);

        var received = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        Assert.Equal(created.Cid, received.Cid);
        Assert.Equal(SampleRecords.HbA1cBundle(), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);
        await net.Patient.RevokeAsync(grant, net.Center, ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(1, await net.ReceivedCountAsync(net.B, ct));
    }
}
