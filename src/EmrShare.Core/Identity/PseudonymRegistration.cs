using System.Buffers.Binary;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;

namespace EmrShare.Core.Identity;

/// <summary>
/// Off-chain proof, sent by the wallet to the Center, that <see cref="Pseudonym"/> belongs to the patient whose
/// identity commitment is registered: the identity key is revealed (to the Center only) with the commitment
/// salt, and both the identity key and the pseudonym key sign the same statement (proof of possession).
/// The Center then registers the bare pseudonym address in the Registry, so the chain holds no link between
/// pseudonyms and the identity commitment; hospitals check only "is this pseudonym registered".
/// </summary>
public sealed record PseudonymRegistration(
    string IdentityPublicKey,
    Hash32 IdentitySalt,
    Pseudonym Pseudonym,
    ulong ChainId,
    ChainAddress Registry,
    long IssuedAt,
    EthSignature IdentitySignature,
    EthSignature PseudonymSignature)
{
    /// <summary>How long a registration request stays acceptable to the Center.</summary>
    public static TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(10);

    public static PseudonymRegistration Create(PatientIdentity patient, ChainAddress hospital, Hash32 identitySalt, ulong chainId, ChainAddress registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(time);
        var pseudonymKey = patient.PseudonymKey(hospital);
        var pseudonym = new Pseudonym(pseudonymKey.Address());
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var digest = Statement(patient.IdentityCommitment(identitySalt), pseudonym, chainId, registry, issuedAt);
        return new PseudonymRegistration(
            HexBytes.ToHex(patient.IdentityPublicKey),
            identitySalt,
            pseudonym,
            chainId,
            registry,
            issuedAt,
            EthSignature.Sign(digest, patient.IdentityKey),
            EthSignature.Sign(digest, pseudonymKey));
    }

    /// <summary>
    /// Center-side check against the commitment registered for this patient. Throws
    /// <see cref="CommitmentMismatchException"/>, <see cref="SignatureDomainMismatchException"/>,
    /// <see cref="SignatureExpiredException"/> or <see cref="SignatureInvalidException"/>.
    /// </summary>
    public void Verify(Hash32 registeredCommitment, ulong chainId, ChainAddress registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var identityKey = HexBytes.Parse(IdentityPublicKey, 64, "identity public key");
        var commitment = PatientIdentity.ComputeCommitment(identityKey, IdentitySalt);
        if (commitment != registeredCommitment)
        {
            throw new CommitmentMismatchException("identity key and salt do not open the registered identity commitment");
        }

        if (ChainId != chainId || Registry != registry)
        {
            throw new SignatureDomainMismatchException("registration is for another chain or Registry");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (now - IssuedAt > MaxAge.TotalSeconds || IssuedAt - now > 60)
        {
            throw new SignatureExpiredException("registration request is too old or dated in the future");
        }

        var digest = Statement(commitment, Pseudonym, ChainId, Registry, IssuedAt);
        if (IdentitySignature.Recover(digest) != Secp256k1.AddressOf(identityKey))
        {
            throw new SignatureInvalidException("identity signature does not match the identity key");
        }

        if (PseudonymSignature.Recover(digest) != Pseudonym.Address)
        {
            throw new SignatureInvalidException("pseudonym signature is not from the pseudonym key");
        }
    }

    private static byte[] Statement(Hash32 identityCommitment, Pseudonym pseudonym, ulong chainId, ChainAddress registry, long issuedAt)
    {
        var numbers = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(numbers, chainId);
        BinaryPrimitives.WriteInt64BigEndian(numbers.AsSpan(8), issuedAt);
        return Keccak.Hash("EmrShare pseudonym registration v1"u8.ToArray(), numbers, registry.ToBytes(), pseudonym.Address.ToBytes(), identityCommitment.ToBytes());
    }
}
