using EmrShare.Core.Crypto;
using Nethereum.Signer;
using Org.BouncyCastle.Crypto.Agreement;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace EmrShare.Core.Tests.KnownAnswer;

/// <summary>
/// secp256k1 ECDH. With the peer's key = G, the shared secret is x(k·G); x(G), x(2G), x(3G) are published curve
/// constants (SEC 2 and common secp256k1 test lists). The 0x11…/0x22… pair was computed with an independent
/// affine-arithmetic implementation; random pairs are cross-checked against Nethereum and BouncyCastle ECDH.
/// </summary>
public sealed class Secp256k1EcdhTests
{
    private const string G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";

    [Theory]
    [InlineData(1, "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    [InlineData(2, "c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5")]
    [InlineData(3, "f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9")]
    public void SharedSecret_SmallScalarTimesGenerator_MatchesPublishedX(int scalar, string expectedX)
    {
        var privateKey = new byte[32];
        privateKey[31] = (byte)scalar;
        Assert.Equal(expectedX, Convert.ToHexStringLower(Secp256k1.SharedSecret(privateKey, Convert.FromHexString(G))));
    }

    [Fact]
    public void SharedSecret_KnownKeyPair_MatchesVectorBothDirections()
    {
        var a = Enumerable.Repeat((byte)0x11, 32).ToArray();
        var b = Enumerable.Repeat((byte)0x22, 32).ToArray();
        const string expected = "77e0510d5042e2f5e9e59c977b81eeed590cf7d20c1c51da451a8eaa9fdc45ff";
        Assert.Equal("034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa", Convert.ToHexStringLower(Secp256k1.PublicKeyCompressed(a)));
        Assert.Equal(expected, Convert.ToHexStringLower(Secp256k1.SharedSecret(a, Secp256k1.PublicKeyCompressed(b))));
        Assert.Equal(expected, Convert.ToHexStringLower(Secp256k1.SharedSecret(b, Secp256k1.PublicKeyCompressed(a))));
    }

    [Fact]
    public void SharedSecret_RandomKeys_AgreesWithNethereumAndBouncyCastle()
    {
        var curve = CustomNamedCurves.GetByName("secp256k1");
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        for (var i = 0; i < 20; i++)
        {
            var a = EthECKey.GenerateKey();
            var b = EthECKey.GenerateKey();
            var ours = Secp256k1.SharedSecret(a.ToBytes32(), b.GetPubKey(false));
            Assert.Equal(ours, a.CalculateCommonSecret(b));

            // Independent generic-curve implementation (BouncyCastle ECDH).
            var agreement = new ECDHBasicAgreement();
            agreement.Init(new ECPrivateKeyParameters(new BigInteger(1, a.ToBytes32()), domain));
            var peer = new ECPublicKeyParameters(curve.Curve.DecodePoint(b.GetPubKey(false)), domain);
            Assert.Equal(ours, BigIntegers.AsUnsignedByteArray(32, agreement.CalculateAgreement(peer)));
        }
    }

    [Fact]
    public void DecodePoint_NotOnCurve_ThrowsFormat()
    {
        var bad = Convert.FromHexString("04" + new string('1', 128));
        Assert.Throws<EnvelopeFormatException>(() => Secp256k1.DecodePoint(bad));
        Assert.Throws<EnvelopeFormatException>(() => Secp256k1.DecodePoint(new byte[10]));
    }
}
