using EmrShare.Core.Crypto;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace EmrShare.Core.Signing;

/// <summary>
/// Public-key recovery (SEC 1 v2 §4.1.6) on BouncyCastle's curve arithmetic, used on browser-wasm: there the
/// libsecp256k1 port's recovery returned a wrong key (the wallet PWA's check-in saw the hospital's valid handshake
/// signature recover to another address), while signing and ECDH agree with the server (known-answer tests).
/// Inputs are already range-checked by <see cref="EthSignature.Recover"/>.
/// </summary>
internal static class ManagedRecovery
{
    public static ChainAddress Recover(BigInteger r, BigInteger s, int recoveryId, ReadOnlySpan<byte> digest)
    {
        var curve = CustomNamedCurves.GetByName("secp256k1");
        var n = curve.N;
        var encoded = new byte[33];
        encoded[0] = (byte)(0x02 | (recoveryId & 1));
        Org.BouncyCastle.Utilities.BigIntegers.AsUnsignedByteArray(32, r).CopyTo(encoded, 1);
        ECPoint point;
        try
        {
            point = curve.Curve.DecodePoint(encoded);
        }
        catch (ArgumentException ex)
        {
            throw new SignatureInvalidException("no public key recovers from this signature", ex);
        }

        var e = new BigInteger(1, digest.ToArray());
        var rInverse = r.ModInverse(n);
        var u1 = e.Negate().Mod(n).Multiply(rInverse).Mod(n);
        var u2 = s.Multiply(rInverse).Mod(n);
        var q = ECAlgorithms.SumOfTwoMultiplies(curve.G, u1, point, u2).Normalize();
        if (q.IsInfinity)
        {
            throw new SignatureInvalidException("no public key recovers from this signature");
        }

        var uncompressed = q.GetEncoded(false);
        return ChainAddress.FromBytes(Keccak.Hash(uncompressed.AsSpan(1)).AsSpan(12));
    }
}
