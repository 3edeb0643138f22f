using System.Security.Cryptography;
using NBitcoin.Secp256k1;
using Org.BouncyCastle.Crypto.EC;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace EmrShare.Core.Crypto;

/// <summary>
/// secp256k1 point operations for ECDH on NBitcoin.Secp256k1 (the libsecp256k1 port Nethereum ships), which is
/// several times faster than generic BouncyCastle arithmetic; BouncyCastle only supplies the curve order.
/// Every public key from outside is decoded with an on-curve check.
/// </summary>
public static class Secp256k1
{
    public static BigInteger N { get; } = CustomNamedCurves.GetByName("secp256k1").N;

    public static BigInteger HalfN { get; } = N.ShiftRight(1);

    /// <summary>Decodes a compressed (33) or uncompressed (65, or 64 without prefix) public key; off-curve → format error.</summary>
    public static ECPubKey DecodePoint(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.Length == 64 ? [0x04, .. encoded] : encoded.ToArray();
        if (bytes.Length is not (33 or 65) || !ECPubKey.TryCreate(bytes, Context.Instance, out _, out var point) || point is null)
        {
            throw new EnvelopeFormatException("not a valid secp256k1 public key");
        }

        return point;
    }

    /// <summary>Checks a 32-byte scalar is in [1, n-1].</summary>
    public static ECPrivKey PrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !ECPrivKey.TryCreate(privateKey, Context.Instance, out var key) || key is null)
        {
            throw new EnvelopeFormatException("a secp256k1 private key is 32 bytes in [1, n-1]");
        }

        return key;
    }

    /// <summary>A fresh random private scalar (for ephemeral keys).</summary>
    public static byte[] NewPrivateKey()
    {
        while (true)
        {
            var candidate = RandomNumberGenerator.GetBytes(32);
            if (ECPrivKey.TryCreate(candidate, Context.Instance, out var key) && key is not null)
            {
                key.Dispose();
                return candidate;
            }
        }
    }

    /// <summary>
    /// A fresh random key for an account that sends transactions (hospital, practitioner): its first byte is
    /// non-zero, because Nethereum 6.1's transaction signer passes the minimal big-endian scalar to libsecp256k1
    /// and throws for keys below 2^248 (1 in 256). Gives up 8 of 256 bits of key space.
    /// </summary>
    public static byte[] NewAccountKey()
    {
        while (true)
        {
            var candidate = NewPrivateKey();
            if (IsAccountKey(candidate))
            {
                return candidate;
            }

            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Whether a 32-byte scalar can sign transactions through Nethereum (first byte non-zero).</summary>
    public static bool IsAccountKey(ReadOnlySpan<byte> privateKey) => privateKey.Length == 32 && privateKey[0] != 0;

    /// <summary>Compressed public key (33 bytes) of a private key.</summary>
    public static byte[] PublicKeyCompressed(ReadOnlySpan<byte> privateKey)
    {
        using var key = PrivateKey(privateKey);
        return key.CreatePubKey().ToBytes(true);
    }

    /// <summary>Re-encodes any accepted public key as 33-byte compressed.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> publicKey) => DecodePoint(publicKey).ToBytes(true);

    /// <summary>Uncompressed public key without the 0x04 prefix (x ‖ y, 64 bytes).</summary>
    public static byte[] Uncompressed64(ReadOnlySpan<byte> publicKey) => DecodePoint(publicKey).ToBytes(false)[1..];

    /// <summary>Ethereum address of a public key: last 20 bytes of keccak256(x ‖ y).</summary>
    public static ChainAddress AddressOf(ReadOnlySpan<byte> publicKey) =>
        ChainAddress.FromBytes(Keccak.Hash(Uncompressed64(publicKey))[12..]);

    /// <summary>ECDH: the 32-byte x coordinate of privateKey · publicKey (SEC 1 §3.3.1 shared secret).</summary>
    public static byte[] SharedSecret(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        var point = DecodePoint(publicKey);
        using var key = PrivateKey(privateKey);
        return point.GetSharedPubkey(key).ToBytes(true)[1..];
    }

    internal static byte[] PadLeft32(this byte[] value)
    {
        if (value.Length == 32)
        {
            return value;
        }

        var padded = new byte[32];
        value.CopyTo(padded, 32 - value.Length);
        return padded;
    }
}
