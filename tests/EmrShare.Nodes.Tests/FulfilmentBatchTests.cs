using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Issue 19: the custodian's fulfilments go on chain in batches when several are pending (<see cref="FulfilmentBatcher"/>):
/// one alone when none is in flight, the ones that queue behind it together; a refused request in a batch gets its
/// refusal and the others still go through. On the real contracts (embedded ledger).
/// </summary>
public sealed class FulfilmentBatchTests(EmbeddedLedgerFixture ledger) : IClassFixture<EmbeddedLedgerFixture>
{
    [Fact]
    public async Task SendAsync_ThreeAtOnce_FirstAloneThenTheTwoQueuedInOneTransaction()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        // Requests naming C as custodian: C's watcher ignores them (not its patient), so only this batcher fulfils them.
        var requests = await RequestsNamingCAsync(net, 3, ct);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new FulfilmentBatcher(GatedContract.Wrap(net.C.Chain.AccessControl, gate.Task));

        // The first send is held in flight (the real contract call waits for the gate) while the next two queue.
        var sends = requests.Select(r => batcher.SendAsync(new FulfilmentEntry(r, Random32()), ct)).ToArray();
        gate.SetResult();
        var receipts = await Task.WhenAll(sends);

        Assert.NotEqual(receipts[0].TransactionHash, receipts[1].TransactionHash);
        Assert.Equal(receipts[1].TransactionHash, receipts[2].TransactionHash);
        foreach (var request in requests)
        {
            Assert.True((await net.Center.Chain.AccessControl.GetRequestAsync(request, ct)).Fulfilled);
        }
    }

    [Fact]
    public async Task SendAsync_BatchWithARequestOfAnotherCustodian_OthersFulfilledAndOnlyThatOneRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var ours = await RequestsNamingCAsync(net, 2, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await GrantToBAsync(net, ct);
        var notOurs = (await net.B.Chain.AccessControl.RequestAccessAsync(grant, created.RecordId.ToBytes32(), net.A.Address.ToString(), [], ct)).RequestId;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new FulfilmentBatcher(GatedContract.Wrap(net.C.Chain.AccessControl, gate.Task));

        // ours[0] goes alone; ours[1] and A's request queue behind it, and the contract refuses that batch whole.
        var first = batcher.SendAsync(new FulfilmentEntry(ours[0], Random32()), ct);
        var second = batcher.SendAsync(new FulfilmentEntry(ours[1], Random32()), ct);
        var foreign = batcher.SendAsync(new FulfilmentEntry(notOurs, Random32()), ct);
        gate.SetResult();

        await first;
        await second;
        var refused = await Assert.ThrowsAsync<ContractRevertedException>(() => foreign);
        // A's own watcher may have fulfilled it first: then it is already fulfilled, else C is not its custodian.
        Assert.Contains(refused.ErrorName, new[] { "AccessControlNotCustodian", "AccessControlRequestAlreadyFulfilled" });
        Assert.True((await net.Center.Chain.AccessControl.GetRequestAsync(ours[0], ct)).Fulfilled);
        Assert.True((await net.Center.Chain.AccessControl.GetRequestAsync(ours[1], ct)).Fulfilled);
        var onChain = await net.Center.Chain.AccessControl.GetRequestAsync(notOurs, ct);
        Assert.Equal(net.A.Address.ToString(), onChain.Custodian, ignoreCase: true);
    }

    [Fact]
    public async Task Watcher_SeveralRequestsPending_AFulfilsEachOnceAndBReceivesAll()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var records = new List<RecordId>();
        for (var i = 0; i < 4; i++)
        {
            records.Add((await net.RecordAtAAsync(ct)).Record.RecordId);
        }

        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [], NodeNetwork.InAWeek, ct);
        // A is down while B's requests land, so its watcher finds all four in one poll and handles them at once.
        await net.A.DisposeAsync();
        var pending = new List<PendingRequest>();
        foreach (var record in records)
        {
            pending.Add(await net.B.SubmitRequestAsync(grant.GrantId, record, ct));
        }

        var restarted = await net.ReopenAsync(net.A, ct);
        foreach (var p in pending)
        {
            await net.B.AwaitFulfilmentAsync(p, TimeSpan.FromSeconds(30), ct);
        }

        var fulfilments = await restarted.Database.ListFulfilmentsAsync(ct);
        Assert.Equal(4, fulfilments.Count(f => f.Status == "fulfilled"));
        var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(net.Patient.PseudonymAt(net.A.Address).Address.ToString(), ct);
        var fulfilled = history.Where(h => h.Kind == PatientAuditKind.AccessFulfilled).ToList();
        Assert.Equal(4, fulfilled.Count);
        Assert.All(fulfilled, f => Assert.Equal(net.A.Address.ToString(), f.Counterparty, ignoreCase: true));
    }

    private static async Task<List<Bytes32>> RequestsNamingCAsync(NodeNetwork net, int count, CancellationToken ct)
    {
        var grant = await GrantToBAsync(net, ct);
        var requests = new List<Bytes32>();
        for (var i = 0; i < count; i++)
        {
            var (_, created) = await net.RecordAtAAsync(ct);
            requests.Add((await net.B.Chain.AccessControl.RequestAccessAsync(grant, created.RecordId.ToBytes32(), net.C.Address.ToString(), [], ct)).RequestId);
        }

        return requests;
    }

    private static async Task<GrantRef> GrantToBAsync(NodeNetwork net, CancellationToken ct)
    {
        var visitB = await net.VisitAsync(net.B, ct);
        var grant = await net.Patient.GrantAsync(visitB, net.A.Address, [], NodeNetwork.InAWeek, ct);
        return new GrantRef(net.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32());
    }

    private static Bytes32 Random32() => Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32));
}
