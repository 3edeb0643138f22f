using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>AccessControl revocation, direct and relayed, and its effect on access.</summary>
public abstract class RevocationSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    private async Task<GrantRef> GrantToBAsync() =>
        (await As(HospitalB).AccessControl.SubmitGrantAsync(await SignGrantAsync(HospitalB.Address), Ct)).Grant;

    [Fact]
    public async Task Revoke_ByPatient_AccessEndsAndRequestsDenied()
    {
        var grant = await GrantToBAsync();
        var record = TestIds.Random();
        await As(Patient).AccessControl.RevokeAsync(grant, Ct);

        Assert.False(await As(Outsider).AccessControl.HasAccessAsync(grant, record, [], Ct));
        Assert.True((await As(Outsider).AccessControl.GetGrantAsync(grant, Ct)).Revoked);
        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalB).AccessControl.RequestAccessAsync(grant, record, HospitalA.Address, [], Ct));
    }

    [Fact]
    public async Task Revoke_ByOtherThanPatient_RevertsNotGrantPatient()
    {
        var grant = await GrantToBAsync();
        await AssertRevertsAsync("AccessControlNotGrantPatient", () => As(HospitalB).AccessControl.RevokeAsync(grant, Ct));
        await AssertRevertsAsync("AccessControlNotGrantPatient", () => As(OtherPatient).AccessControl.RevokeAsync(grant, Ct));
    }

    [Fact]
    public async Task Revoke_Twice_RevertsAlreadyRevoked()
    {
        var grant = await GrantToBAsync();
        await As(Patient).AccessControl.RevokeAsync(grant, Ct);
        await AssertRevertsAsync("AccessControlGrantAlreadyRevoked", () => As(Patient).AccessControl.RevokeAsync(grant, Ct));
    }

    [Fact]
    public async Task Revoke_UnknownGrant_RevertsUnknownGrant()
    {
        await AssertRevertsAsync("AccessControlUnknownGrant", () => As(Patient).AccessControl.RevokeAsync(new GrantRef(HospitalB.Address, TestIds.Random(), Bytes32.Zero), Ct));
        var grant = await GrantToBAsync();
        await AssertRevertsAsync("AccessControlUnknownGrant", () => As(Patient).AccessControl.RevokeAsync(grant with { Grantee = HospitalA.Address }, Ct));
    }

    [Fact]
    public async Task RevokeBySignature_RelayedByAnyone_Revokes()
    {
        var grant = await GrantToBAsync();
        var digest = Eip712.RevokeDigest(grant.GrantId, ChainId, Addresses.AccessControl);
        Assert.Equal(digest, await As(Outsider).AccessControl.GetRevokeDigestAsync(grant.GrantId, Ct));

        await As(Outsider).AccessControl.RevokeBySignatureAsync(grant, Eip712.Sign(digest, Patient.PrivateKey), Ct);

        Assert.True((await As(Outsider).AccessControl.GetGrantAsync(grant, Ct)).Revoked);
    }

    [Fact]
    public async Task RevokeBySignature_SignedByOther_RevertsInvalidSignature()
    {
        var grant = await GrantToBAsync();
        var digest = Eip712.RevokeDigest(grant.GrantId, ChainId, Addresses.AccessControl);
        await AssertRevertsAsync("AccessControlInvalidSignature", () =>
            As(Outsider).AccessControl.RevokeBySignatureAsync(grant, Eip712.Sign(digest, HospitalB.PrivateKey), Ct));
        Assert.False((await As(Outsider).AccessControl.GetGrantAsync(grant, Ct)).Revoked);
    }

    [Fact]
    public async Task RevokeBySignature_HighS_RevertsMalleableSignature()
    {
        var grant = await GrantToBAsync();
        var signature = Eip712.Sign(Eip712.RevokeDigest(grant.GrantId, ChainId, Addresses.AccessControl), Patient.PrivateKey);
        await AssertRevertsAsync("AccessControlMalleableSignature", () =>
            As(Outsider).AccessControl.RevokeBySignatureAsync(grant, Eip712.ToHighS(signature), Ct));
    }

    [Fact]
    public async Task RevokeBySignature_UnknownGrant_RevertsUnknownGrant()
    {
        var grant = new GrantRef(HospitalB.Address, TestIds.Random(), Bytes32.Zero);
        var signature = Eip712.Sign(Eip712.RevokeDigest(grant.GrantId, ChainId, Addresses.AccessControl), Patient.PrivateKey);
        await AssertRevertsAsync("AccessControlUnknownGrant", () => As(Outsider).AccessControl.RevokeBySignatureAsync(grant, signature, Ct));
    }

    [Fact]
    public async Task RecordFulfilment_AfterRevoke_RevertsAccessDenied()
    {
        var grant = await GrantToBAsync();
        var request = await As(HospitalB).AccessControl.RequestAccessAsync(grant, TestIds.Random(), HospitalA.Address, [], Ct);
        await As(Patient).AccessControl.RevokeAsync(grant, Ct);

        await AssertRevertsAsync("AccessControlAccessDenied", () => As(HospitalA).AccessControl.RecordFulfilmentAsync(request.RequestId, TestIds.Random(), Ct));
    }
}
