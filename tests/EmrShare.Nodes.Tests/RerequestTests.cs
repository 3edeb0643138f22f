using EmrShare.Core;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Re-requesting a version the grantee already holds is idempotent: answered from the stored copy without a
/// transaction, and a second delivery of the same version (a race) is accepted instead of failing on the row key.
/// </summary>
public sealed class RerequestTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task RequestRecord_VersionAlreadyHeld_ReturnsStoredCopyWithoutTransaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        var first = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        Assert.False(first.AlreadyHeld);
        var nonceBefore = await NonceOfAsync(net.B, ct);

        var again = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        Assert.True(again.AlreadyHeld);
        Assert.Equal((created.RecordId, 1u, created.Cid, net.A.Address), (again.RecordId, again.Version, again.Cid, again.Custodian));
        Assert.Same(RecordReceived.NoTransaction, again.Request);
        Assert.Equal(nonceBefore, await NonceOfAsync(net.B, ct));
        Assert.Single(await net.A.Database.ListFulfilmentsAsync(ct));
        Assert.Equal(1, await net.ReceivedCountAsync(net.B, ct));
        Assert.Equal(SampleRecords.HbA1cBundle(), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);
    }

    [Fact]
    public async Task RequestRecord_CustodianAmendedSinceFirstRequest_FetchesNewVersionOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [], ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        await net.A.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(7.7m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);

        var second = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);

        Assert.False(second.AlreadyHeld);
        Assert.Equal(2u, second.Version);
        Assert.StartsWith("0x", second.Request.TransactionHash, StringComparison.Ordinal);
        Assert.Equal(2, await net.ReceivedCountAsync(net.B, ct));
        Assert.Equal(SampleRecords.HbA1cBundle(7.7m), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);
    }

    [Fact]
    public async Task RequestRecord_HeldButGrantRevoked_ThrowsAccessDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        await net.Patient.RevokeAsync(grant, net.Center, ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(1, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task AwaitFulfilment_TwoRequestsRaceForSameVersion_SecondIsIdenticalCopyNotAnError()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);

        // Both requests are on chain before either delivery is imported (two clicks, two processes).
        var one = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        var two = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        var first = await net.B.AwaitFulfilmentAsync(one, TimeSpan.FromSeconds(30), ct);
        var second = await net.B.AwaitFulfilmentAsync(two, TimeSpan.FromSeconds(30), ct);

        Assert.False(first.AlreadyHeld);
        Assert.True(second.AlreadyHeld);
        Assert.Equal(first.Cid, second.Cid);
        Assert.NotEqual(first.FulfilmentTransaction, second.FulfilmentTransaction);
        Assert.Equal(1, await net.ReceivedCountAsync(net.B, ct));
        Assert.Single(await net.B.Database.ListAuditAsync(ct), a => a.Kind == "receive");
    }

    private static async Task<GrantAccepted> GrantToBAsync(NodeNetwork net, IReadOnlyList<RecordId> records, CancellationToken ct)
    {
        var visitB = await net.VisitAsync(net.B, ct);
        return await net.Patient.GrantAsync(visitB, net.A.Address, records, NodeNetwork.InAWeek, ct);
    }

    /// <summary>How many transactions the hospital's account has sent (read through another key's connection).</summary>
    private async Task<System.Numerics.BigInteger> NonceOfAsync(HospitalService hospital, CancellationToken ct) =>
        (await ledger.Access.Connect(EmbeddedLedgerFixture.Keys[0]).Eth.Transactions.GetTransactionCount
            .SendRequestAsync(hospital.Address.ToString()).WaitAsync(ct)).Value;
}
