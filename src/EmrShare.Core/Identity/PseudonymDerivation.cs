using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using Nethereum.Signer;
using Org.BouncyCastle.Math;

namespace EmrShare.Core.Identity;

/// <summary>
/// Per-hospital keys from the patient's master secret, per docs/interfaces.md:
/// HKDF-SHA256(ikm = master secret, salt = "EmrShare pseudonym v1", info = 20-byte hospital address) reduced
/// mod n. Different info gives independent keys, so two hospitals cannot link a patient's pseudonyms
/// without the master secret.
/// </summary>
public static class PseudonymDerivation
{
    public const int MasterSecretSize = 32;
    private static readonly byte[] Salt = "EmrShare pseudonym v1"u8.ToArray();

    public static EthECKey DeriveForHospital(ReadOnlySpan<byte> masterSecret, ChainAddress hospital) =>
        Derive(masterSecret, Salt, hospital.ToBytes());

    /// <summary>The key of the patient's medical-index account (info = "index").</summary>
    public static EthECKey DeriveIndexKey(ReadOnlySpan<byte> masterSecret) => Derive(masterSecret, Salt, "index"u8.ToArray());

    /// <summary>
    /// HKDF → scalar mod n; if the scalar is zero or below 2^248 (first byte zero — such keys cannot sign
    /// transactions through Nethereum 6.1, see <see cref="Secp256k1.NewAccountKey"/>), retry with a counter byte
    /// 1, 2, … appended to info.
    /// </summary>
    internal static EthECKey Derive(ReadOnlySpan<byte> masterSecret, byte[] salt, byte[] info)
    {
        if (masterSecret.Length != MasterSecretSize)
        {
            throw new EnvelopeFormatException($"a master secret is {MasterSecretSize} bytes");
        }

        for (var counter = 0; counter < 256; counter++)
        {
            byte[] fullInfo = counter == 0 ? info : [.. info, (byte)counter];
            var okm = new byte[32];
            HKDF.DeriveKey(HashAlgorithmName.SHA256, masterSecret, okm, salt, fullInfo);
            var scalar = new BigInteger(1, okm).Mod(Secp256k1.N);
            CryptographicOperations.ZeroMemory(okm);
            if (scalar.BitLength > 248)
            {
                return new EthECKey(scalar.ToByteArrayUnsigned().PadLeft32(), true);
            }
        }

        throw new CryptographicException("no valid key after 256 attempts");
    }
}
