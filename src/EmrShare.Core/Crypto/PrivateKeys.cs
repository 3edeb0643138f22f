using Nethereum.Signer;

namespace EmrShare.Core.Crypto;

/// <summary>Bridges Nethereum's <see cref="EthECKey"/> and the raw 32-byte scalars BouncyCastle ECDH needs.</summary>
public static class PrivateKeys
{
    /// <summary>The private scalar as exactly 32 big-endian bytes (Nethereum may return 33 with a sign byte, or fewer).</summary>
    public static byte[] ToBytes32(this EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var raw = key.GetPrivateKeyAsBytes();
        var start = 0;
        while (raw.Length - start > 32 && raw[start] == 0)
        {
            start++;
        }

        return raw[start..].PadLeft32();
    }

    /// <summary>33-byte compressed public key, the form wrapped keys and handshakes carry.</summary>
    public static byte[] PublicKeyCompressed(this EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Secp256k1.Compress(key.GetPubKey(false));
    }

    public static ChainAddress Address(this EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ChainAddress.FromBytes(key.GetPublicAddressAsBytes());
    }

    /// <summary>Builds a key from a 32-byte scalar, rejecting zero and values ≥ n.</summary>
    public static EthECKey FromScalar(ReadOnlySpan<byte> privateKey)
    {
        Secp256k1.PrivateKey(privateKey).Dispose();
        return new EthECKey(privateKey.ToArray(), true);
    }
}
