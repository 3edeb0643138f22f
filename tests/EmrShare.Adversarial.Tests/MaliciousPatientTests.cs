using EmrShare.Adversarial.Tests.Support;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Adversarial.Tests;

/// <summary>
/// A registered patient turned malicious: it signs grants over records that are not its own, or grants with an
/// expired, other-chain or other-contract signature. Each is refused by the grantee node (typed exception) and by
/// the chain (revert), and the victim's records never leave their custodian.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class MaliciousPatientTests(AdversarialLedger ledger)
{
    [Fact]
    public async Task Grant_OwnPseudonymOverOtherPatientsRecord_CustodianRefusesAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, victimRecord) = await net.RecordAtAAsync(ct);
        using var attacker = await Attack.RegisterOwnPatientAsync(net, ct);
        using (await Attack.VisitAsync(net, attacker, net.A, ct))
        {
            // The attacker is a patient at A too, so A's watcher does act on requests naming its pseudonym.
        }

        var pinsB = await Attack.PinsAsync(net.B, ct);

        // A valid grant (the attacker signs for its own pseudonym) whose scope lists the victim's record id.
        var signed = RogueVisit.SignGrant(Attack.AccessDomain(net), attacker.PseudonymKey(net.A.Address), attacker.PseudonymAt(net.A.Address), net.B.Address, [victimRecord.RecordId], NodeNetwork.InAWeek);
        using var visitB = await Attack.VisitAsync(net, attacker, net.B, ct);
        var accepted = await visitB.SubmitAsync(signed, net.A.Address, [victimRecord.RecordId], ct);

        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(accepted.GrantId, victimRecord.RecordId, ct));
        await Attack.AssertStoredNothingAsync(net, net.B, pinsB, ct);
        Assert.Equal(0, await Attack.FulfilmentEventsAsync(net, net.Patient.PseudonymAt(net.A.Address), ct));
        Assert.Equal(0, await Attack.FulfilmentEventsAsync(net, attacker.PseudonymAt(net.A.Address), ct));
    }

    [Fact]
    public async Task Grant_ListingMoreRecordsThanTheLimit_RefusedBeforeTheChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var pseudonym = patient.PseudonymAt(net.A.Address);
        var records = Enumerable.Range(0, GrantScope.MaxRecords + 1).Select(_ => RecordId.New()).ToList();

        // Signed correctly over the Merkle root of all 257 ids: only the list's length is wrong.
        var root = new MerkleTree([.. records.Select(MerkleLeaves.ForScope)]).Root;
        var signed = Eip712.Sign(Attack.AccessDomain(net), new Grant(pseudonym, net.B.Address, root, GrantPurpose.Treatment,
            (ulong)NodeNetwork.InAWeek.ToUnixTimeSeconds(), Hash32.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))), patient.PseudonymKey(net.A.Address));
        using var visitB = await Attack.VisitAsync(net, patient, net.B, ct);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => visitB.SubmitAsync(signed, net.A.Address, records, ct));
        Assert.Contains($"at most {GrantScope.MaxRecords} records per grant", refused.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAnyAsync<NodeException>(() => visitB.SubmitAsync(signed, net.A.Address, null!, ct));
        Assert.Contains("missing records", missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Attack.GrantEventsAsync(net, pseudonym, ct));
    }

    [Fact]
    public async Task Grant_NamingVictimsPseudonymSignedByAttacker_ThrowsSignatureInvalidNodeAndChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, victimRecord) = await net.RecordAtAAsync(ct);
        using var attacker = await Attack.RegisterOwnPatientAsync(net, ct);
        var victim = net.Patient.PseudonymAt(net.A.Address);

        var forged = RogueVisit.SignGrant(Attack.AccessDomain(net), attacker.PseudonymKey(net.A.Address), victim, net.B.Address, [victimRecord.RecordId], NodeNetwork.InAWeek);
        using var visitB = await Attack.VisitAsync(net, attacker, net.B, ct);

        await Assert.ThrowsAsync<SignatureInvalidException>(() => visitB.SubmitAsync(forged, net.A.Address, [victimRecord.RecordId], ct));
        await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 2).AccessControl.SubmitGrantAsync(forged.ToSignedGrant(), ct));
        Assert.Equal(0, await Attack.GrantEventsAsync(net, victim, ct));
    }

    [Fact]
    public async Task Grant_Expired_ThrowsSignatureExpiredNodeAndRevertsOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var record = await Attack.RecordForAsync(net, patient, net.A, 6.4m, ct);
        var expired = RogueVisit.SignGrant(Attack.AccessDomain(net), patient.PseudonymKey(net.A.Address), patient.PseudonymAt(net.A.Address), net.B.Address, [record.RecordId], DateTimeOffset.UtcNow.AddMinutes(-1));

        await AssertRefusedEverywhereAsync<SignatureExpiredException>(net, patient, expired, record.RecordId, ct);
    }

    [Fact]
    public async Task Grant_SignedForFutureChainId_ThrowsDomainMismatchNodeAndRevertsOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var record = await Attack.RecordForAsync(net, patient, net.A, 6.5m, ct);
        var otherChain = Eip712Domain.AccessControl(Attack.ChainId + 1, ChainAddress.Parse(net.Center.Addresses.AccessControl));
        var signed = RogueVisit.SignGrant(otherChain, patient.PseudonymKey(net.A.Address), patient.PseudonymAt(net.A.Address), net.B.Address, [record.RecordId], NodeNetwork.InAWeek);

        await AssertRefusedEverywhereAsync<SignatureDomainMismatchException>(net, patient, signed, record.RecordId, ct);
    }

    [Fact]
    public async Task Grant_SignedForOtherContract_ThrowsDomainMismatchNodeAndRevertsOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var record = await Attack.RecordForAsync(net, patient, net.A, 6.6m, ct);
        var otherContract = Eip712Domain.AccessControl(Attack.ChainId, ChainAddress.Parse(net.Center.Addresses.Records));
        var signed = RogueVisit.SignGrant(otherContract, patient.PseudonymKey(net.A.Address), patient.PseudonymAt(net.A.Address), net.B.Address, [record.RecordId], NodeNetwork.InAWeek);

        await AssertRefusedEverywhereAsync<SignatureDomainMismatchException>(net, patient, signed, record.RecordId, ct);
    }

    /// <summary>The grantee node refuses with <typeparamref name="T"/>, a direct submission reverts, no grant exists anywhere.</summary>
    private async Task AssertRefusedEverywhereAsync<T>(NodeNetwork net, Core.Identity.PatientIdentity patient, SignedTypedData<Grant> signed, RecordId record, CancellationToken ct)
        where T : Exception
    {
        using var visitB = await Attack.VisitAsync(net, patient, net.B, ct);
        await Assert.ThrowsAsync<T>(() => visitB.SubmitAsync(signed, net.A.Address, [record], ct));
        await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 2).AccessControl.SubmitGrantAsync(signed.ToSignedGrant(), ct));
        Assert.Equal(0, await Attack.GrantEventsAsync(net, patient.PseudonymAt(net.A.Address), ct));
        Assert.DoesNotContain(await net.B.Database.ListAuditAsync(ct), a => a.Kind == "grant");
    }
}
