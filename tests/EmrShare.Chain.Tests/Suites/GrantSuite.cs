using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>AccessControl grants: EIP-712 meta-transactions and everything that must be rejected.</summary>
public abstract class GrantSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task SubmitGrant_RelayedByGrantee_StoredUnderSpecDigest()
    {
        var grant = await SignGrantAsync(HospitalB.Address, purpose: 3);
        var result = await As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct);

        Assert.Equal(Eip712.GrantDigest(grant.Terms, ChainId, Addresses.AccessControl), result.GrantId);
        Assert.Equal(result.GrantId, await As(Outsider).AccessControl.GetGrantDigestAsync(grant.Terms, Ct));
        var stored = await As(Outsider).AccessControl.GetGrantAsync(result.Grant, Ct);
        Assert.Equal(new GrantInfo(Patient.Address, 3, grant.Terms.Expiry, false), stored with { Patient = Patient.Address });
        Assert.Equal(Patient.Address, stored.Patient, ignoreCase: true);
        Assert.True(await As(Outsider).AccessControl.HasAccessAsync(result.Grant, TestIds.Random(), [], Ct));
    }

    [Fact]
    public async Task DomainSeparatorAndTypeHash_MatchSpecComputation()
    {
        Assert.Equal(Eip712.DomainSeparator("EmrShare AccessControl", ChainId, Addresses.AccessControl), await As(Outsider).AccessControl.GetDomainSeparatorAsync(Ct));
        Assert.Equal(Bytes32.FromBytes(Eip712.Keccak(Eip712.GrantType)), await As(Outsider).AccessControl.GetGrantTypeHashAsync(Ct));
    }

    [Fact]
    public async Task TypeHashesAndScopeLeaf_MatchSpecStrings()
    {
        var client = new ContractClient(Outsider.Web3, Addresses.AccessControl);
        var revoke = await client.QueryAsync<Messages.RevokeTypeHashFunction, byte[]>(new(), Ct);
        var request = await client.QueryAsync<Messages.AccessRequestTypeHashFunction, byte[]>(new(), Ct);
        Assert.Equal(Eip712.Keccak(Eip712.RevokeType), revoke);
        Assert.Equal(Eip712.Keccak("AccessRequest(bytes32 grantId,bytes32 recordId,address requester,uint64 issuedAt,bytes32 nonce)"), request);

        var recordId = TestIds.Random();
        var leaf = await client.QueryAsync<Messages.ScopeLeafFunction, byte[]>(new() { RecordId = recordId.ToArray() }, Ct);
        Assert.Equal(MerkleTree.ScopeLeaf(recordId), Bytes32.FromBytes(leaf));
    }

    [Fact]
    public async Task SubmitGrant_ByThirdParty_Accepted()
    {
        var grant = await SignGrantAsync(HospitalB.Address);
        var result = await As(Outsider).AccessControl.SubmitGrantAsync(grant, Ct);
        Assert.True(await As(Outsider).AccessControl.HasAccessAsync(result.Grant, TestIds.Random(), [], Ct));
    }

    [Fact]
    public async Task HasAccess_ScopedGrant_OnlyProvenRecordsAllowed()
    {
        var granted = Enumerable.Range(0, 5).Select(_ => TestIds.Random()).ToList();
        var tree = new MerkleTree([.. granted.Select(MerkleTree.ScopeLeaf)]);
        var result = await As(HospitalB).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address, tree.Root), Ct);
        var ac = As(Outsider).AccessControl;

        for (var i = 0; i < granted.Count; i++)
        {
            Assert.True(await ac.HasAccessAsync(result.Grant, granted[i], tree.Proof(i), Ct));
        }

        Assert.False(await ac.HasAccessAsync(result.Grant, TestIds.Random(), tree.Proof(0), Ct));
        Assert.False(await ac.HasAccessAsync(result.Grant, granted[0], tree.Proof(1), Ct));
        Assert.False(await ac.HasAccessAsync(result.Grant, granted[0], [], Ct));
        Assert.False(await ac.HasAccessAsync(result.Grant with { Grantee = HospitalA.Address }, granted[0], tree.Proof(0), Ct));
        // The scope is part of the grant's key: naming any other scope finds no grant.
        Assert.Equal(tree.Root, result.Grant.Scope);
        Assert.False(await ac.HasAccessAsync(result.Grant with { Scope = Bytes32.Zero }, granted[0], [], Ct));
        await AssertRevertsAsync("AccessControlUnknownGrant", () => ac.GetGrantAsync(result.Grant with { Scope = Bytes32.Zero }, Ct));
    }

    [Fact]
    public async Task SubmitGrant_Replayed_RevertsGrantExists()
    {
        var grant = await SignGrantAsync(HospitalB.Address);
        await As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct);
        await AssertRevertsAsync("AccessControlGrantExists", () => As(Outsider).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Fact]
    public async Task SubmitGrant_Expired_RevertsGrantExpired()
    {
        var grant = await SignGrantAsync(HospitalB.Address, expiry: await LatestTimestampAsync() - 1);
        await AssertRevertsAsync("AccessControlGrantExpired", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Fact]
    public async Task SubmitGrant_SignedByOtherKey_RevertsInvalidSignature()
    {
        var genuine = await SignGrantAsync(HospitalB.Address);
        var forged = Eip712.SignGrant(genuine.Terms, OtherPatient.PrivateKey, ChainId, Addresses.AccessControl);
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(forged, Ct));
    }

    [Fact]
    public async Task SubmitGrant_TamperedTerms_RevertsInvalidSignature()
    {
        var grant = await SignGrantAsync(HospitalB.Address, purpose: 1);
        var tampered = grant with { Terms = grant.Terms with { Purpose = 4 } };
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(tampered, Ct));
        var extended = grant with { Terms = grant.Terms with { Expiry = grant.Terms.Expiry + 86_400 } };
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(extended, Ct));
    }

    [Fact]
    public async Task SubmitGrant_SignedForOtherChain_RevertsInvalidSignature()
    {
        var grant = await SignGrantAsync(HospitalB.Address, chainId: ChainId + 1);
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Fact]
    public async Task SubmitGrant_SignedForOtherContract_RevertsInvalidSignature()
    {
        var grant = await SignGrantAsync(HospitalB.Address, verifyingContract: Addresses.Records);
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Fact]
    public async Task SubmitGrant_HighS_RevertsMalleableSignature()
    {
        var grant = await SignGrantAsync(HospitalB.Address);
        var malleable = grant with { Signature = Eip712.ToHighS(grant.Signature) };
        await AssertRevertsAsync("AccessControlMalleableSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(malleable, Ct));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(66)]
    [InlineData(0)]
    public async Task SubmitGrant_WrongSignatureLength_RevertsInvalidSignature(int length)
    {
        var grant = await SignGrantAsync(HospitalB.Address);
        var resized = new byte[length];
        Array.Copy(grant.Signature, resized, Math.Min(length, grant.Signature.Length));
        await AssertRevertsAsync("AccessControlInvalidSignature", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant with { Signature = resized }, Ct));
    }

    [Fact]
    public async Task SubmitGrant_GranteeNotHospital_RevertsGranteeNotActive()
    {
        await AssertRevertsAsync("AccessControlGranteeNotActive", async () => await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(Outsider.Address), Ct));
        await As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct);
        await AssertRevertsAsync("AccessControlGranteeNotActive", async () => await As(Outsider).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct));
    }

    [Fact]
    public async Task SubmitGrant_UnregisteredPatient_RevertsPatientNotRegistered()
    {
        var grant = await SignGrantAsync(HospitalB.Address, signer: Outsider);
        await AssertRevertsAsync("AccessControlPatientNotRegistered", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Theory]
    [InlineData((ushort)0)]
    [InlineData((ushort)6)]
    public async Task SubmitGrant_UnknownPurpose_RevertsInvalidPurpose(ushort purpose)
    {
        var grant = await SignGrantAsync(HospitalB.Address, purpose: purpose);
        await AssertRevertsAsync("AccessControlInvalidPurpose", () => As(HospitalB).AccessControl.SubmitGrantAsync(grant, Ct));
    }

    [Fact]
    public async Task GetGrant_Unknown_RevertsUnknownGrant() =>
        await AssertRevertsAsync("AccessControlUnknownGrant", () => As(Outsider).AccessControl.GetGrantAsync(new GrantRef(HospitalB.Address, TestIds.Random(), Bytes32.Zero), Ct));

    [Fact]
    public async Task HasAccess_GranteeDeactivatedAfterGrant_ReturnsFalse()
    {
        var result = await As(HospitalB).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct);
        await As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct);
        Assert.False(await As(Outsider).AccessControl.HasAccessAsync(result.Grant, TestIds.Random(), [], Ct));
    }

    [Fact]
    public async Task HasAccess_AfterExpiry_ReturnsFalse()
    {
        var expiry = await LatestTimestampAsync() + 3;
        var result = await As(HospitalB).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address, expiry: expiry), Ct);
        var record = TestIds.Random();
        Assert.True(await As(Outsider).AccessControl.HasAccessAsync(result.Grant, record, [], Ct));

        // Real time passes (no node-specific time travel), then a transaction mines a block past the expiry.
        while (await LatestTimestampAsync() <= expiry)
        {
            await Task.Delay(1000, Ct);
            await As(Outsider).Registry.GetOwnerAsync(Ct);
            await As(HospitalA).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, Ct);
        }

        Assert.False(await As(Outsider).AccessControl.HasAccessAsync(result.Grant, record, [], Ct));
        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalB).AccessControl.RequestAccessAsync(result.Grant, record, HospitalA.Address, [], Ct));
    }
}
