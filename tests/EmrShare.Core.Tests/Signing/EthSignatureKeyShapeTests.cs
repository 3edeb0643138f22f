using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Signing;

/// <summary>
/// Keys whose scalar starts with zero bytes (≈ 1 in 256 random keys, so ≈ 1 patient in 64 across pseudonyms)
/// must sign and recover like any other key.
/// </summary>
public sealed class EthSignatureKeyShapeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Sign_KeyWithLeadingZeroBytes_RecoversSignerAndMatchesNethereum(int leadingZeroBytes)
    {
        var scalar = RandomNumberGenerator.GetBytes(32);
        scalar.AsSpan(0, leadingZeroBytes).Clear();
        scalar[leadingZeroBytes] |= 0x01;
        var key = PrivateKeys.FromScalar(scalar);
        var digest = RandomNumberGenerator.GetBytes(32);

        var signature = EthSignature.Sign(digest, key);

        Assert.Equal(key.Address(), signature.Recover(digest));
        var reference = EthECKey.RecoverFromSignature(
            EthECDSASignatureFactory.FromComponents(signature.ToBytes()[..32], signature.ToBytes()[32..64], signature.ToBytes()[64]),
            digest);
        Assert.Equal(key.Address(), reference.Address());
    }

    [Fact]
    public void Sign_ManyRandomKeys_AlwaysLowSAndRecoverable()
    {
        for (var i = 0; i < 600; i++)
        {
            var key = EthECKey.GenerateKey();
            var digest = RandomNumberGenerator.GetBytes(32);

            var signature = EthSignature.Sign(digest, key);

            Assert.Equal(key.Address(), signature.Recover(digest));
        }
    }
}
