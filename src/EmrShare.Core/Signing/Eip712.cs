using EmrShare.Core.Crypto;
using Nethereum.Signer;

namespace EmrShare.Core.Signing;

/// <summary>EIP-712 digests, signing and verification for the EmrShare typed messages.</summary>
public static class Eip712
{
    /// <summary>keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).</summary>
    public static Hash32 Digest(Eip712Domain domain, ITypedMessage message)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(message);
        return Digest(domain.Separator, message.HashStruct());
    }

    public static Hash32 Digest(Hash32 domainSeparator, Hash32 structHash) =>
        Hash32.FromBytes(Keccak.Hash([0x19, 0x01], domainSeparator.ToBytes(), structHash.ToBytes()));

    /// <summary>grantId as the AccessControl contract stores it: the grant's EIP-712 digest.</summary>
    public static Hash32 GrantId(Eip712Domain accessControlDomain, Grant grant) => Digest(accessControlDomain, grant);

    public static SignedTypedData<T> Sign<T>(Eip712Domain domain, T message, EthECKey signer)
        where T : ITypedMessage =>
        new(domain, message, EthSignature.Sign(Digest(domain, message).ToBytes(), signer));

    /// <summary>
    /// Verifies domain, freshness, signature form and signer. Each failure has its own exception:
    /// <see cref="SignatureDomainMismatchException"/>, <see cref="SignatureExpiredException"/>,
    /// <see cref="SignatureMalleableException"/>, <see cref="SignatureInvalidException"/>.
    /// </summary>
    public static void Verify<T>(SignedTypedData<T> signed, Eip712Domain expectedDomain, ChainAddress expectedSigner, TimeProvider time)
        where T : ITypedMessage
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(expectedDomain);
        ArgumentNullException.ThrowIfNull(time);
        if (signed.Domain.ChainId != expectedDomain.ChainId)
        {
            throw new SignatureDomainMismatchException($"signed for chain {signed.Domain.ChainId}, expected chain {expectedDomain.ChainId}");
        }

        if (signed.Domain != expectedDomain)
        {
            throw new SignatureDomainMismatchException("signed for another EIP-712 domain (name, version or contract)");
        }

        signed.Message.CheckFreshness(time.GetUtcNow());
        var recovered = signed.Signature.Recover(Digest(expectedDomain, signed.Message).ToBytes());
        if (recovered != expectedSigner)
        {
            throw new SignatureInvalidException("signature was not made by the expected signer");
        }
    }

    /// <summary>Verifies a grant against its own patient field (the pseudonym is the signer).</summary>
    public static void VerifyGrant(SignedTypedData<Grant> signed, Eip712Domain expectedDomain, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signed);
        Verify(signed, expectedDomain, signed.Message.Patient.Address, time);
    }

    /// <summary>Verifies an access request against its own requester field.</summary>
    public static void VerifyAccessRequest(SignedTypedData<AccessRequest> signed, Eip712Domain expectedDomain, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signed);
        Verify(signed, expectedDomain, signed.Message.Requester, time);
    }
}
