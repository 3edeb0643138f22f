using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using Nethereum.Signer;

namespace EmrShare.Core.Identity;

/// <summary>
/// A patient's root of keys: the 32-byte master secret (kept in the wallet keystore) from which the identity
/// key and every per-hospital pseudonym key are derived. Only the identity commitment is registered on chain.
/// </summary>
public sealed class PatientIdentity : IDisposable
{
    private static readonly byte[] IdentitySalt = "EmrShare identity v1"u8.ToArray();
    private readonly byte[] _masterSecret;

    private PatientIdentity(byte[] masterSecret)
    {
        _masterSecret = masterSecret;
        IdentityKey = PseudonymDerivation.Derive(masterSecret, IdentitySalt, "identity"u8.ToArray());
    }

    public static PatientIdentity Create() => new(RandomNumberGenerator.GetBytes(PseudonymDerivation.MasterSecretSize));

    public static PatientIdentity FromMasterSecret(ReadOnlySpan<byte> masterSecret)
    {
        if (masterSecret.Length != PseudonymDerivation.MasterSecretSize)
        {
            throw new EnvelopeFormatException("a master secret is 32 bytes");
        }

        return new PatientIdentity(masterSecret.ToArray());
    }

    /// <summary>Identity key (HKDF salt "EmrShare identity v1", info "identity"); shown only to the Center.</summary>
    public EthECKey IdentityKey { get; }

    /// <summary>64-byte uncompressed identity public key x ‖ y (no 0x04 prefix).</summary>
    public byte[] IdentityPublicKey => IdentityKey.GetPubKeyNoPrefix(false);

    /// <summary>Copy of the master secret, for the keystore only.</summary>
    public byte[] ExportMasterSecret() => (byte[])_masterSecret.Clone();

    public EthECKey PseudonymKey(ChainAddress hospital) => PseudonymDerivation.DeriveForHospital(_masterSecret, hospital);

    public Pseudonym PseudonymAt(ChainAddress hospital) => new(PseudonymKey(hospital).Address());

    public EthECKey IndexKey() => PseudonymDerivation.DeriveIndexKey(_masterSecret);

    /// <summary>identity commitment = keccak256(identity public key (64 bytes) ‖ salt (32 bytes)).</summary>
    public Hash32 IdentityCommitment(Hash32 salt) => ComputeCommitment(IdentityPublicKey, salt);

    public static Hash32 ComputeCommitment(ReadOnlySpan<byte> identityPublicKey, Hash32 salt)
    {
        return Hash32.FromBytes(Keccak.Hash(Secp256k1.Uncompressed64(identityPublicKey), salt.ToBytes()));
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_masterSecret);
}
