using System.Security.Cryptography;
using EmrShare.Adversarial.Tests.Support;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Core.Handshake;
using EmrShare.Core.Signing;
using EmrShare.Nodes;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;

namespace EmrShare.Adversarial.Tests;

/// <summary>
/// A registered hospital turned malicious, on the embedded ledger with real nodes. Each test fails if the
/// attack succeeds; every refusal is a typed exception or a revert, and nothing is stored or recorded.
/// </summary>
[Collection(AdversarialCollection.Name)]
public sealed class MaliciousHospitalTests(AdversarialLedger ledger)
{
    [Fact]
    public async Task CollectFulfilment_ByHospitalNotTheGranteeOrWithKeyNotRegisteredToIt_RefusedAndNothingHandedOver()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [created.RecordId], ct);
        var requestId = (await Attack.RawChain(ledger, net, 2).AccessControl.RequestAccessAsync(
            new GrantRef(net.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32()), created.RecordId.ToBytes32(), net.A.Address.ToString(), [], ct)).RequestId.ToHash32();
        var stranger = PrivateKeys.FromScalar(HospitalKeys.NewSigningKey());

        // C claims to be B (the grantee) but can only sign with its own key, or with a key it made up.
        foreach (var signer in new[] { Attack.AccountKey(3), stranger })
        {
            var forged = Eip712.Sign(Attack.AccessDomain(net), new AccessRequest(grant.GrantId, created.RecordId, net.B.Address, Now(), Nonce()), signer);
            await Assert.ThrowsAsync<SignatureInvalidException>(() => net.EndpointOf(net.A).CollectFulfilmentAsync(new CollectRequest(forged, requestId, 5_000), ct));
        }

        // C signs honestly as itself: the request is B's, so the custodian hands C nothing.
        var asItself = Eip712.Sign(Attack.AccessDomain(net), new AccessRequest(grant.GrantId, created.RecordId, net.C.Address, Now(), Nonce()), Attack.AccountKey(3));
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.EndpointOf(net.A).CollectFulfilmentAsync(new CollectRequest(asItself, requestId, 5_000), ct));
        Assert.Equal(0, await net.ReceivedCountAsync(net.C, ct));
    }

    [Fact]
    public async Task SubmitGrant_ReplayedAtSameAndOtherHospitalAndOnChain_RefusedAndOneGrantOnChain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var record = await Attack.RecordForAsync(net, patient, net.A, 6.1m, ct);
        var pseudonymAtA = patient.PseudonymAt(net.A.Address);
        var signed = RogueVisit.SignGrant(Attack.AccessDomain(net), patient.PseudonymKey(net.A.Address), pseudonymAtA, net.B.Address, [record.RecordId], NodeNetwork.InAWeek);
        using var visitB = await Attack.VisitAsync(net, patient, net.B, ct);
        var accepted = await visitB.SubmitAsync(signed, net.A.Address, [record.RecordId], ct);
        Assert.Equal(Eip712.GrantId(Attack.AccessDomain(net), signed.Message), accepted.GrantId);

        // Replayed at B itself (the chain stores a grant once), at C (the grant names B), and straight on chain by C.
        await Assert.ThrowsAsync<AccessDeniedException>(() => visitB.SubmitAsync(signed, net.A.Address, [record.RecordId], ct));
        using var visitC = await Attack.VisitAsync(net, patient, net.C, ct);
        await Assert.ThrowsAsync<AccessDeniedException>(() => visitC.SubmitAsync(signed, net.A.Address, [record.RecordId], ct));
        var revert = await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.SubmitGrantAsync(signed.ToSignedGrant(), ct));
        Assert.Equal("AccessControlGrantExists", revert.ErrorName);

        Assert.Equal(1, await Attack.GrantEventsAsync(net, pseudonymAtA, ct));
        Assert.Empty(await ListGrantsAsync(net.C, ct));
    }

    [Fact]
    public async Task CollectFulfilment_ReplayedByEavesdropper_RefusedAndKeyOpensOnlyForGrantee()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var tap = new InterceptingEndpoint(new InProcessHospitalEndpoint(net.A));
        net.Directory.Add(new HospitalContact(net.A.Address, tap, net.A.Store));
        var grant = await Attack.GrantToBAsync(net, [created.RecordId], ct);
        await net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct);
        var captured = tap.Requests.Last();

        // C replays B's signed collect request while it is still fresh: each signed request is answered once, so
        // the replay gets a refusal — no delivery, no manifest metadata — and nothing new happens on chain.
        await Assert.ThrowsAsync<AccessDeniedException>(() => tap.CollectFulfilmentAsync(captured, ct));
        Assert.Equal(1, await Attack.FulfilmentEventsAsync(net, net.Patient.PseudonymAt(net.A.Address), ct));

        // Even the delivery B got, had it been intercepted on the wire, carries a key only B's registered key opens.
        var delivered = tap.Deliveries.Last(d => d.Status == FulfilmentStatus.Fulfilled).Fulfilment!.KeyForGrantee;
        Assert.Equal(Secp256k1.AddressOf(net.B.Keys.EncryptionPublicKey), delivered.ReaderAddress);
        foreach (var key in Outsider.KeysAnOutsiderHolds())
        {
            Assert.ThrowsAny<EmrShareSecurityException>(() => KeyWrapper.Unwrap(delivered, key, created.RecordId, created.Version).Dispose());
        }

        Assert.Equal(0, await net.ReceivedCountAsync(net.C, ct));
    }

    [Fact]
    public async Task RequestRecord_NeverGrantedOrOutsideScope_RefusedAtEveryLayerAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (visitA, granted) = await net.RecordAtAAsync(ct);
        var other = await net.A.CreateRecordAsync(visitA.LocalPatientId, SampleRecords.HbA1cBundle(9.9m), "application/fhir+json", net.A.Keys.PractitionerAddresses[0], ct);
        var grant = await Attack.GrantToBAsync(net, [granted.RecordId], ct);
        var grantRef = new GrantRef(net.B.Address.ToString(), grant.GrantId.ToBytes32(), grant.Scope.ToBytes32());
        var pinsB = await Attack.PinsAsync(net.B, ct);
        var pinsC = await Attack.PinsAsync(net.C, ct);

        // C holds no grant at all: its node refuses, and the chain refuses C's request under B's grant.
        await Assert.ThrowsAsync<UnknownEntityException>(() => net.C.RequestRecordAsync(grant.GrantId, granted.RecordId, ct));
        await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 3).AccessControl.RequestAccessAsync(grantRef, granted.RecordId.ToBytes32(), net.A.Address.ToString(), [], ct));

        // B asks for a record outside its grant's scope: refused by its node, by the chain, and by the custodian
        // when B passes off an on-chain request for the granted record as one for the other record.
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, other.RecordId, ct));
        await Assert.ThrowsAsync<ContractRevertedException>(() => Attack.RawChain(ledger, net, 2).AccessControl.RequestAccessAsync(grantRef, other.RecordId.ToBytes32(), net.A.Address.ToString(), [], ct));
        var requestId = (await Attack.RawChain(ledger, net, 2).AccessControl.RequestAccessAsync(grantRef, granted.RecordId.ToBytes32(), net.A.Address.ToString(), [], ct)).RequestId.ToHash32();
        var signed = Eip712.Sign(Attack.AccessDomain(net), new AccessRequest(grant.GrantId, other.RecordId, net.B.Address, Now(), Nonce()), Attack.AccountKey(2));
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.EndpointOf(net.A).CollectFulfilmentAsync(new CollectRequest(signed, requestId, 5_000), ct));

        await Attack.AssertStoredNothingAsync(net, net.B, pinsB, ct);
        await Attack.AssertStoredNothingAsync(net, net.C, pinsC, ct);

        // On chain only B's own request for the granted record exists (and was answered); none for the other record.
        var history = await net.Center.Chain.AccessControl.GetPatientHistoryAsync(net.Patient.PseudonymAt(net.A.Address).Address.ToString(), ct);
        Assert.DoesNotContain(history, h => h.RecordId is { } r && r.ToHash32() == other.RecordId.AsHash32);
        Assert.Equal(1, history.Count(h => h.Kind == PatientAuditKind.AccessRequested));
    }

    [Fact]
    public async Task RequestRecord_OtherPatientsRecordUnderAllRecordsGrant_CustodianRefusesAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        await net.RecordAtAAsync(ct);
        using var otherPatient = await Attack.RegisterOwnPatientAsync(net, ct);
        var notTheirs = await Attack.RecordForAsync(net, otherPatient, net.A, 5.5m, ct);
        var grant = await Attack.GrantToBAsync(net, [], ct); // scope "all records at A" of the honest patient
        var pinsB = await Attack.PinsAsync(net.B, ct);

        // The chain cannot tell whose record an id is (scope 0 covers any id); the custodian can and refuses.
        await Assert.ThrowsAsync<AccessDeniedException>(() => net.B.RequestRecordAsync(grant.GrantId, notTheirs.RecordId, ct));
        await Attack.AssertStoredNothingAsync(net, net.B, pinsB, ct);
        Assert.Equal(0, await Attack.FulfilmentEventsAsync(net, otherPatient.PseudonymAt(net.A.Address), ct));
    }

    [Fact]
    public async Task RequestRecord_ForgedFulfilments_EachRefusedWithTypedErrorAndNothingStored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var (_, created) = await net.RecordAtAAsync(ct);
        var grant = await Attack.GrantToBAsync(net, [], ct);
        var pinsB = await Attack.PinsAsync(net.B, ct);
        using var wrongKey = DataKey.Generate();
        var manifestVersion = created.Version;

        // Wrong data key, wrapped correctly for B: the AEAD envelope refuses to open.
        Attack.UseDishonestA(net, f => f with { KeyForGrantee = KeyWrapper.Wrap(wrongKey, net.B.Keys.EncryptionPublicKey, created.RecordId, manifestVersion) });
        await Assert.ThrowsAnyAsync<WrongKeyException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        // Key wrapped for another reader (C's registered key).
        Attack.UseDishonestA(net, f => f with { KeyForGrantee = KeyWrapper.Wrap(wrongKey, net.C.Keys.EncryptionPublicKey, created.RecordId, manifestVersion) });
        await Assert.ThrowsAsync<WrongReaderException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        // Substituted CID: a real blob in A's store that the signed manifest does not name.
        var decoy = await net.A.Store.PutAsync(new MemoryStream("decoy blob"u8.ToArray()), Storage.PutOptions.Default, ct);
        Attack.UseDishonestA(net, f => f with { Cid = decoy.ToString() });
        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        // Manifest altered (other content hash) and re-signed by the hospital's own account key, not a practitioner's.
        var resigned = Attack.AccountKey(1);
        Attack.UseDishonestA(net, f =>
        {
            var manifest = f.Manifest with { ContentHash = Hash32.FromBytes(SHA256.HashData("forged"u8)) };
            return f with { Manifest = manifest, ManifestSignature = Eip712.Sign(Attack.RecordsDomain(net), manifest, resigned).Signature };
        });
        await Assert.ThrowsAsync<RecordVerificationException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        // Honest fulfilment, but the store serves altered ciphertext for the right CID.
        Attack.UseDishonestA(net, store: new TamperingBlobStore(net.A.Store));
        await Assert.ThrowsAsync<RecordTamperedException>(() => net.B.RequestRecordAsync(grant.GrantId, created.RecordId, ct));

        await Attack.AssertStoredNothingAsync(net, net.B, pinsB, ct);
    }

    [Fact]
    public async Task BeginVisit_RogueNodeImpersonatingHospitalB_ThrowsHandshakeErrorAndNoSession()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var net = await NodeNetwork.StartAsync(ledger.Access, AdversarialLedger.Keys, ct);
        var options = new HospitalOptions("X", Path.Combine(net.Root, "hospital-X"), HospitalKeys.Generate(AdversarialLedger.Keys[4]), ledger.Access, net.Center.Addresses, net.Directory);
        await using var rogue = await HospitalService.OpenAsync(options, ct);
        var asIs = new InProcessHospitalEndpoint(rogue);

        // Answering a handshake addressed to B: the rogue node's own responder refuses it.
        await Assert.ThrowsAsync<HandshakeStateException>(() => net.Patient.BeginVisitAsync(asIs, net.B.Address, ct));

        // Rewriting the patient's message to name itself: the patient sees a transcript not signed by B.
        using var patient = await Attack.RegisterOwnPatientAsync(net, ct);
        var initiator = HandshakeInitiator.Start(patient.PseudonymKey(net.B.Address), net.B.Address, Attack.ChainId, TimeProvider.System);
        var answer = await asIs.BeginVisitAsync(initiator.Init with { Hospital = rogue.Address }, ct);
        Assert.ThrowsAny<HandshakeAuthenticationException>(() => initiator.Complete(answer));
        Assert.Equal(0, await rogue.Database.CountPatientsAsync(ct));
        Assert.Equal(0, await net.B.Database.CountPatientsAsync(ct));
    }

    private static Hash32 Nonce() => Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));

    private static ulong Now() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task<IReadOnlyList<AuditRow>> ListGrantsAsync(HospitalService hospital, CancellationToken ct) =>
        [.. (await hospital.Database.ListAuditAsync(ct)).Where(a => a.Kind == "grant")];
}
