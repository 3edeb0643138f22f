using System.Security.Cryptography;
using EmrShare.Adversarial.Tests.Support;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Adversarial.Tests;

/// <summary>
/// Issue 15 #3 with real nodes: hospital C attacks A's custody of the record A shares with B — fulfilling B's
/// request before A or racing A, breaking the glass on A's record — and a request that names C as custodian of A's
/// record, which A's watcher reports as an alert instead of taking anyone's fulfilment as its own.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class CustodyAttackTests(AdversarialLedger ledger)
{
    [Fact]
    public async Task RecordFulfilment_ByHospitalCBeforeOrRacingCustodian_RevertsAndBReceivesFromA()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [created.RecordId], ct);

        var pending = await net.B.SubmitRequestAsync(grant.GrantId, created.RecordId, ct);
        var byC = await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.RecordFulfilmentAsync(pending.RequestId.ToBytes32(), Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)).ToBytes32(), ct));
        // Before A's watcher fulfils, C is not the custodian; after it, the request is already fulfilled. Either way C is refused.
        Assert.Contains(byC.ErrorName, new[] { "AccessControlNotCustodian", "AccessControlRequestAlreadyFulfilled" });

        var received = await net.B.AwaitFulfilmentAsync(pending, TimeSpan.FromSeconds(30), ct);
        Assert.Equal(created.RecordId, received.RecordId);
        var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(net.Patient.PseudonymAt(net.A.Address).Address.ToString(), ct);
        var fulfilled = Assert.Single(history, h => h.Kind == PatientAuditKind.AccessFulfilled);
        Assert.Equal(net.A.Address.ToString(), fulfilled.Counterparty, ignoreCase: true);
    }

    [Fact]
    public async Task RequestAccess_NamingAnotherHospitalAsCustodian_CustodianAlertsAndFulfilsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [created.RecordId], ct);
        var grantRef = new GrantRef(net.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32());

        var misdirected = await Attack.RawChain(ledger, net, 2).AccessControl.RequestAccessAsync(grantRef, created.RecordId.ToBytes32(), net.C.Address.ToString(), [], ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(await net.A.Database.ListAuditAsync(ct)).Any(a => a.Kind == HospitalService.MisdirectedRequestAlert) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }

        var alert = Assert.Single(await net.A.Database.ListAuditAsync(ct), a => a.Kind == HospitalService.MisdirectedRequestAlert);
        Assert.Equal(net.C.Address.ToString(), alert.Counterpart, ignoreCase: true);
        Assert.Null(await net.A.Database.FindFulfilmentAsync(misdirected.RequestId.ToHash32().ToString(), ct));
        Assert.False((await net.Center.Chain.AccessControl.GetRequestAsync(misdirected.RequestId, ct)).Fulfilled);
        Assert.DoesNotContain(await net.A.Database.ListAuditAsync(ct), a => a.Kind == "fulfil");
    }

    [Fact]
    public async Task BreakGlassAndRecordAccess_ByHospitalCOnRecordHeldAtA_RevertRecordNotHeldAndPatientLogEmpty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var pseudonym = net.Patient.PseudonymAt(net.A.Address).Address.ToString();

        // C registers a practitioner of its own (a hospital may) and breaks the glass on A's record with it.
        var practitionerKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var practitioner = new Nethereum.Signer.EthECKey(practitionerKey).GetPublicAddress();
        await Attack.RawChain(ledger, net, 3).Registry.RegisterPractitionerAsync(practitioner, net.C.Address.ToString(), ct);
        var asPractitionerOfC = ledger.Access.Bind(practitionerKey, net.Center.Addresses);

        var breakGlass = await Assert.ThrowsAsync<ContractRevertedException>(() => asPractitionerOfC.AccessControl.BreakGlassAsync(pseudonym, created.RecordId.ToBytes32(), 1, ct));
        Assert.Equal("AccessControlRecordNotHeld", breakGlass.ErrorName);
        var recordAccess = await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.RecordAccessAsync(pseudonym, created.RecordId.ToBytes32(), AccessAction.Read, ct));
        Assert.Equal("AccessControlRecordNotHeld", recordAccess.ErrorName);

        var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(pseudonym, ct);
        Assert.DoesNotContain(history, h => h.Kind is PatientAuditKind.BreakGlassAccessed or PatientAuditKind.AccessRecorded);
    }
}
