using System.Text.Json;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Signer;
using Org.BouncyCastle.Math;
using static EmrShare.Core.Tests.Signing.TypedMessageFixtures;

namespace EmrShare.Core.Tests.Signing;

public sealed class Eip712VerifyTests
{
    private readonly EthECKey _patientKey = EthECKey.GenerateKey();
    private readonly FakeTimeProvider _time = new(Now);

    private Pseudonym Patient => new(_patientKey.Address());

    [Fact]
    public void VerifyGrant_SignedByPatient_Passes()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        Eip712.VerifyGrant(signed, AccessControl, _time);
        Assert.Equal(signed.Digest, Eip712.GrantId(AccessControl, signed.Message));
    }

    [Fact]
    public void VerifyGrant_OtherChainId_ThrowsDomainMismatch()
    {
        var signed = Eip712.Sign(Eip712Domain.AccessControl(1, AccessControlAddress), Grant(Patient), _patientKey);
        var ex = Assert.Throws<SignatureDomainMismatchException>(() => Eip712.VerifyGrant(signed, AccessControl, _time));
        Assert.Contains("chain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyGrant_OtherContractOrName_ThrowsDomainMismatch()
    {
        var otherContract = Eip712.Sign(Eip712Domain.AccessControl(31337, RecordsAddress), Grant(Patient), _patientKey);
        var otherName = Eip712.Sign(AccessControl with { Name = Eip712Domain.RecordsName }, Grant(Patient), _patientKey);
        Assert.Throws<SignatureDomainMismatchException>(() => Eip712.VerifyGrant(otherContract, AccessControl, _time));
        Assert.Throws<SignatureDomainMismatchException>(() => Eip712.VerifyGrant(otherName, AccessControl, _time));
    }

    [Fact]
    public void VerifyGrant_DomainFieldRelabelled_ThrowsInvalid()
    {
        // Signed for chain 1, then the DTO's domain is edited to claim 31337: the digest no longer matches.
        var signed = Eip712.Sign(Eip712Domain.AccessControl(1, AccessControlAddress), Grant(Patient), _patientKey) with { Domain = AccessControl };
        Assert.Throws<SignatureInvalidException>(() => Eip712.VerifyGrant(signed, AccessControl, _time));
    }

    [Fact]
    public void VerifyGrant_Expired_ThrowsExpired()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient, expiry: (ulong)Now.AddMinutes(5).ToUnixTimeSeconds()), _patientKey);
        Eip712.VerifyGrant(signed, AccessControl, _time);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Throws<SignatureExpiredException>(() => Eip712.VerifyGrant(signed, AccessControl, _time));
    }

    [Fact]
    public void VerifyGrant_HighS_ThrowsMalleable()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        var bytes = signed.Signature.ToBytes();
        var s = new BigInteger(1, bytes[32..64]);
        var highS = Secp256k1.N.Subtract(s).ToByteArrayUnsigned();
        var flipped = new byte[65];
        bytes[..32].CopyTo(flipped, 0);
        highS.CopyTo(flipped, 64 - highS.Length);
        flipped[64] = (byte)(bytes[64] == 27 ? 28 : 27);
        // The high-s twin is a valid ECDSA signature by the same key; only the low-s rule rejects it.
        Assert.Equal(_patientKey.Address().Lower, EthECKey.RecoverFromSignature(
            EthECDSASignatureFactory.FromComponents(flipped[..32], flipped[32..64], flipped[64]), signed.Digest.ToBytes()).GetPublicAddress().ToLowerInvariant());
        var malleated = signed with { Signature = EthSignature.FromBytes(flipped) };
        Assert.Throws<SignatureMalleableException>(() => Eip712.VerifyGrant(malleated, AccessControl, _time));
    }

    [Fact]
    public void VerifyGrant_WrongSigner_ThrowsInvalid()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), EthECKey.GenerateKey());
        var ex = Assert.Throws<SignatureInvalidException>(() => Eip712.VerifyGrant(signed, AccessControl, _time));
        Assert.IsNotType<SignatureMalleableException>(ex);
    }

    [Fact]
    public void VerifyGrant_ForgedField_ThrowsInvalid()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        var forged = signed with { Message = signed.Message with { Grantee = ChainAddress.Parse("0x90F79bf6EB2c4f870365E785982E1f101E93b906") } };
        Assert.Throws<SignatureInvalidException>(() => Eip712.VerifyGrant(forged, AccessControl, _time));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(29)]
    public void VerifyGrant_BadV_ThrowsInvalid(byte v)
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        var bytes = signed.Signature.ToBytes();
        bytes[64] = v;
        Assert.Throws<SignatureInvalidException>(() => Eip712.VerifyGrant(signed with { Signature = EthSignature.FromBytes(bytes) }, AccessControl, _time));
    }

    [Fact]
    public void EthSignature_Malformed_ThrowsInvalid()
    {
        Assert.Throws<SignatureInvalidException>(() => EthSignature.Parse("0x1234"));
        Assert.Throws<SignatureInvalidException>(() => EthSignature.FromBytes(new byte[65]).Recover(new byte[32]));
    }

    [Fact]
    public void VerifyManifest_ByPractitioner_PassesAndRejectsOthers()
    {
        var practitioner = EthECKey.GenerateKey();
        var signed = Eip712.Sign(Records, Manifest(Patient), practitioner);
        Eip712.Verify(signed, Records, practitioner.Address(), _time);
        Assert.Throws<SignatureInvalidException>(() => Eip712.Verify(signed, Records, _patientKey.Address(), _time));
        Assert.Throws<SignatureDomainMismatchException>(() => Eip712.Verify(signed, AccessControl, practitioner.Address(), _time));
    }

    [Fact]
    public void VerifyRevoke_ByPatient_Passes()
    {
        var grant = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        var revoke = Eip712.Sign(AccessControl, new Revoke(grant.Digest), _patientKey);
        Eip712.Verify(revoke, AccessControl, Patient.Address, _time);
        Assert.NotEqual(grant.Digest, revoke.Digest);
    }

    [Fact]
    public void VerifyAccessRequest_FreshThenStaleOrFuture_ThrowsExpired()
    {
        var hospital = EthECKey.GenerateKey();
        var request = new AccessRequest(Random32(), RecordId.New(), hospital.Address(), (ulong)Now.ToUnixTimeSeconds(), Random32());
        var signed = Eip712.Sign(AccessControl, request, hospital);
        Eip712.VerifyAccessRequest(signed, AccessControl, _time);
        var future = Eip712.Sign(AccessControl, request with { IssuedAt = (ulong)Now.AddMinutes(10).ToUnixTimeSeconds() }, hospital);
        Assert.Throws<SignatureExpiredException>(() => Eip712.VerifyAccessRequest(future, AccessControl, _time));
        _time.Advance(AccessRequest.MaxAge + TimeSpan.FromSeconds(1));
        Assert.Throws<SignatureExpiredException>(() => Eip712.VerifyAccessRequest(signed, AccessControl, _time));
    }

    [Fact]
    public void SignedGrant_JsonRoundTrip_StillVerifies()
    {
        var signed = Eip712.Sign(AccessControl, Grant(Patient), _patientKey);
        var json = JsonSerializer.Serialize(signed);
        var back = JsonSerializer.Deserialize<SignedTypedData<Grant>>(json)!;
        Assert.Equal(signed, back);
        Eip712.VerifyGrant(back, AccessControl, _time);
        Assert.Contains(signed.Message.Patient.ToString(), json, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedGrant_MalformedJson_ThrowsJsonException()
    {
        var json = JsonSerializer.Serialize(Eip712.Sign(AccessControl, Grant(Patient), _patientKey))
            .Replace(Patient.ToString(), "0xnothex", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SignedTypedData<Grant>>(json));
    }
}
