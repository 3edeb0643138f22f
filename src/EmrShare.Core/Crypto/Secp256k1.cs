using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace EmrShare.Core.Crypto;

/// <summary>
/// secp256k1 helpers on BouncyCastle: point decoding with validation, ECDH, and the curve order for low-s checks.
/// Nethereum signs and recovers; BouncyCastle does the raw point arithmetic ECDH needs.
/// </summary>
public static class Secp256k1
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static BigInteger N => Curve.N;

    public static BigInteger HalfN { get; } = Curve.N.ShiftRight(1);

    /// <summary>Decodes a compressed (33) or uncompressed (65, or 64 without prefix) public key and checks it is on the curve.</summary>
    public static ECPoint DecodePoint(ReadOnlySpan<byte> encoded)
    {
        var bytes = encoded.Length == 64 ? [0x04, .. encoded] : encoded.ToArray();
        if (bytes.Length is not (33 or 65))
        {
            throw new EnvelopeFormatException($"a secp256k1 public key is 33, 64 or 65 bytes, got {encoded.Length}");
        }

        ECPoint point;
        try
        {
            point = Curve.Curve.DecodePoint(bytes);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new EnvelopeFormatException("not a valid secp256k1 point", ex);
        }

        if (point.IsInfinity || !point.IsValid())
        {
            throw new EnvelopeFormatException("not a valid secp256k1 point");
        }

        return point.Normalize();
    }

    public static BigInteger PrivateScalar(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32)
        {
            throw new EnvelopeFormatException("a secp256k1 private key is 32 bytes");
        }

        var d = new BigInteger(1, privateKey.ToArray());
        if (d.SignValue == 0 || d.CompareTo(N) >= 0)
        {
            throw new EnvelopeFormatException("private key out of range");
        }

        return d;
    }

    /// <summary>Compressed public key (33 bytes) of a private key.</summary>
    public static byte[] PublicKeyCompressed(ReadOnlySpan<byte> privateKey) =>
        Curve.G.Multiply(PrivateScalar(privateKey)).Normalize().GetEncoded(true);

    /// <summary>Re-encodes any accepted public key as 33-byte compressed.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> publicKey) => DecodePoint(publicKey).GetEncoded(true);

    /// <summary>Ethereum address of a public key: last 20 bytes of keccak256(x ‖ y).</summary>
    public static ChainAddress AddressOf(ReadOnlySpan<byte> publicKey)
    {
        var uncompressed = DecodePoint(publicKey).GetEncoded(false);
        return ChainAddress.FromBytes(Keccak.Hash(uncompressed.AsSpan(1))[12..]);
    }

    /// <summary>ECDH: the 32-byte x coordinate of privateKey · publicKey (SEC 1 §3.3.1 shared secret).</summary>
    public static byte[] SharedSecret(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        var shared = DecodePoint(publicKey).Multiply(PrivateScalar(privateKey)).Normalize();
        if (shared.IsInfinity)
        {
            throw new EnvelopeFormatException("ECDH produced the point at infinity");
        }

        return shared.AffineXCoord.ToBigInteger().ToByteArrayUnsigned().PadLeft32();
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
