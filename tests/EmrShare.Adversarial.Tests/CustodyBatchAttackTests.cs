using System.Security.Cryptography;
using EmrShare.Adversarial.Tests.Support;
using EmrShare.Chain;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Adversarial.Tests;

/// <summary>
/// Issue 19 with real nodes: hospital C puts B's pending requests for A's records in a fulfilment batch of its own,
/// before or racing A's watcher. The batch is refused whole and A fulfils each request once.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class CustodyBatchAttackTests(AdversarialLedger ledger)
{
    [Fact]
    public async Task RecordFulfilments_ByHospitalCWithBsPendingRequests_RevertsAndAFulfilsEachOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, first) = await net.RecordAtAAsync(ct);
        var (_, second) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [first.RecordId, second.RecordId], ct);
        var pending = new[]
        {
            await net.B.SubmitRequestAsync(grant.GrantId, first.RecordId, ct),
            await net.B.SubmitRequestAsync(grant.GrantId, second.RecordId, ct),
        };

        FulfilmentEntry[] batch = [.. pending.Select(p => new FulfilmentEntry(p.RequestId.ToBytes32(), Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32))))];
        var byC = await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.RecordFulfilmentsAsync(batch, ct));
        // Before A's watcher fulfils, C is not the custodian; after it, the first request is already fulfilled.
        Assert.Contains(byC.ErrorName, new[] { "AccessControlNotCustodian", "AccessControlRequestAlreadyFulfilled" });

        foreach (var p in pending)
        {
            await net.B.AwaitFulfilmentAsync(p, TimeSpan.FromSeconds(30), ct);
        }

        var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(net.Patient.PseudonymAt(net.A.Address).Address.ToString(), ct);
        var fulfilled = history.Where(h => h.Kind == PatientAuditKind.AccessFulfilled).ToList();
        Assert.Equal(2, fulfilled.Count);
        Assert.All(fulfilled, f => Assert.Equal(net.A.Address.ToString(), f.Counterparty, ignoreCase: true));
    }
}
