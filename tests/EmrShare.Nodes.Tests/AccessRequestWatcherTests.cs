using System.Diagnostics;
using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Tests;

/// <summary>The custodian fulfils from chain events (its watcher), not from a call by the grantee.</summary>
public sealed class AccessRequestWatcherTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task SubmitRequest_NoCallFromBToA_AFulfilsFromTheChainEventAndBCollects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);

        // B only sends requestAccess; nothing reaches A's endpoint until A has fulfilled on its own.
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        await WaitUntilAsync(async () => (await net.A.Database.FindFulfilmentAsync(pending.RequestId.ToString(), ct))?.Status == "fulfilled", ct);

        Assert.True((await net.Center.Chain.AccessControl.GetRequestAsync(pending.RequestId.ToBytes32(), ct)).Fulfilled);
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
        var received = await net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct);
        Assert.Equal(created.Cid, received.Cid);
        Assert.Equal(SampleRecords.HbA1cBundle(), (await net.B.ReadRecordAsync(created.RecordId, ct)).Content);
        Assert.Empty(await net.C.Database.ListFulfilmentsAsync(ct));
    }

    [Fact]
    public async Task Watcher_ARestartedWithRewoundCursor_FulfilsTheRequestMadeWhileDownAndNoneTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [], ct);
        var first = await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        await net.A.AmendAsync(created.RecordId, SampleRecords.HbA1cBundle(6.4m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);

        // A goes down; B's request (for the new version) lands on chain meanwhile.
        await net.A.DisposeAsync();
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);

        // Worst case for double fulfilment: the restarted node re-reads the first request's block too.
        var db = await HospitalDatabase.OpenAsync(Path.Combine(net.Root, "hospital-A", "emr.db"), ct);
        Assert.NotNull(await db.GetCursorAsync("access-requested", ct));
        await db.SetCursorAsync("access-requested", (long)first.Request.BlockNumber, ct);
        var restarted = await net.ReopenAsync(net.A, ct);

        var second = await net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct);
        Assert.Equal(2u, second.Version);
        Assert.NotEqual(first.FulfilmentTransaction, second.FulfilmentTransaction);
        await WaitUntilAsync(() => Task.FromResult(restarted.WatcherNextBlock > (long)pending.Receipt.BlockNumber), ct);
        var log = await net.Patient.GetAccessLogAsync(ct);
        Assert.Equal(2, log.Count(e => e.Entry.Kind == PatientAuditKind.AccessRequested));
        Assert.Equal(2, log.Count(e => e.Entry.Kind == PatientAuditKind.AccessFulfilled));
        Assert.All(await restarted.Database.ListFulfilmentsAsync(ct), f => Assert.Equal("fulfilled", f.Status));
        Assert.Equal(2, (await restarted.Database.ListAuditAsync(ct)).Count(a => a.Kind == "fulfil"));
        Assert.Equal(2, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task Watcher_FulfilmentSentButAnswerLost_ConfirmsFromChainWithoutSecondFulfilment()
    {
        var ct = TestContext.Current.CancellationToken;
        var rpc = new LostAnswerRpcHandler(new Ledger.Rpc.LedgerRpcHandler(ledger.Ledger));
        var access = ChainAccess.ForClient(new Ledger.Rpc.InProcessRpcClient(rpc), 31337);
        await using var net = await NodeNetwork.StartAsync(access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);

        // The next transaction is A's recordFulfilment: it is mined, but A only sees an error and keeps the row "sending".
        rpc.ArmOnce();
        var received = await net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct);

        Assert.Equal(1, rpc.Lost);
        Assert.Equal(created.Cid, received.Cid);
        var row = await net.A.Database.FindFulfilmentAsync(pending.RequestId.ToString(), ct);
        Assert.Equal(("fulfilled", string.Empty), (row?.Status, row?.TransactionHash));
        Assert.Single(await net.Patient.GetAccessLogAsync(ct), e => e.Entry.Kind == PatientAuditKind.AccessFulfilled);
        Assert.Single(await net.A.Database.ListAuditAsync(ct), a => a.Kind == "fulfil");
    }

    [Fact]
    public async Task Watcher_EventForARecordANotHolds_IgnoredAndBsWaitEndsInTypedTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [], ct);

        // An all-records grant lets B request any id under the patient's A-pseudonym; A holds no such record.
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, RecordId.New(), ct);

        await Assert.ThrowsAsync<FulfilmentTimeoutException>(() => net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(1), ct));
        await WaitUntilAsync(() => Task.FromResult(net.A.WatcherNextBlock > (long)pending.Receipt.BlockNumber), ct);
        Assert.Null(await net.A.Database.FindFulfilmentAsync(pending.RequestId.ToString(), ct));
        Assert.False((await net.Center.Chain.AccessControl.GetRequestAsync(pending.RequestId.ToBytes32(), ct)).Fulfilled);
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));

        // The watcher moved on: a request for a record A does hold is still fulfilled.
        Assert.Equal(created.Cid, (await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct)).Cid);
    }

    [Fact]
    public async Task AwaitFulfilment_GrantRevokedBetweenRequestAndFulfilment_SignedRefusalEndsWaitWithAccessDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        await net.A.DisposeAsync();
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        await net.Patient.RevokeAsync(grant, net.Center, ct);
        var restarted = await net.ReopenAsync(net.A, ct);

        var clock = Stopwatch.StartNew();
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct));

        Assert.Contains("revoked", refused.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "a refusal must end the wait, not the timeout");
        Assert.Equal("refused", (await restarted.Database.FindFulfilmentAsync(pending.RequestId.ToString(), ct))?.Status);
        Assert.False((await net.Center.Chain.AccessControl.GetRequestAsync(pending.RequestId.ToBytes32(), ct)).Fulfilled);
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task AwaitFulfilment_RefusalReasonAlteredInTransit_ThrowsRecordVerification()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        await net.A.EraseRecordAsync(created.RecordId, ct);
        net.Directory.Add(new HospitalContact(net.A.Address, new TamperingEndpoint(new InProcessHospitalEndpoint(net.A),
            (FulfilmentDelivery d) => d.Refusal is { } r ? d with { Refusal = r with { Reason = "some other reason" } } : d), net.A.Store));

        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.B, ct));
    }

    [Fact]
    public async Task CollectFulfilment_SignedBySomeoneOtherThanTheGrantee_ThrowsAccessDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, [created.RecordId], ct);
        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        await net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct);

        var stranger = PrivateKeys.FromScalar(HospitalKeys.NewSigningKey());
        var domain = Eip712Domain.AccessControl(31337, ChainAddress.Parse(net.Center.Addresses.AccessControl));
        var request = new AccessRequest(grant.GrantId, created.RecordId, stranger.Address(), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
        var collect = new CollectRequest(Eip712.Sign(domain, request, stranger), pending.RequestId, 0);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.EndpointOf(net.A).CollectFulfilmentAsync(collect, ct));
    }

    private static async Task<GrantAccepted> GrantToBAsync(NodeNetwork net, IReadOnlyList<RecordId> records, CancellationToken ct)
    {
        var visitB = await net.VisitAsync(net.B, ct);
        return await net.Patient.GrantAsync(visitB, net.A.Address, records, NodeNetwork.InAWeek, ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "condition not reached within 20 s");
            await Task.Delay(25, ct);
        }
    }
}
