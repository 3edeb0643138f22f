using System.Security.Cryptography;

namespace EmrShare.Chain.Tests.Support;

/// <summary>Random 32-byte ids and hashes for tests (records, commitments, roots).</summary>
public static class TestIds
{
    public static Bytes32 Random() => Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32));

    public static System.Numerics.BigInteger RandomNonce() =>
        new(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);

    /// <summary>A syntactically valid 33-byte compressed secp256k1 public key.</summary>
    public static byte[] EncryptionKey()
    {
        var key = Nethereum.Signer.EthECKey.GenerateKey();
        return key.GetPubKey(true);
    }
}
