using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;

namespace EmrShare.Core.Tests.Identity;

/// <summary>
/// Keys that send transactions must have a non-zero first byte (Nethereum 6.1's transaction signer fails
/// otherwise, 1 key in 256): derived pseudonym/index keys and generated account keys both honour that.
/// </summary>
public sealed class AccountKeyShapeTests
{
    [Fact]
    public void PseudonymKey_ThousandsOfHospitals_FirstByteNeverZero()
    {
        using var patient = PatientIdentity.Create();

        for (var i = 0; i < 2_000; i++)
        {
            var hospital = ChainAddress.FromBytes(RandomNumberGenerator.GetBytes(20));
            Assert.True(Secp256k1.IsAccountKey(patient.PseudonymKey(hospital).ToBytes32()), $"hospital {hospital}");
        }
    }

    [Fact]
    public void NewAccountKey_ManyKeys_FirstByteNeverZero()
    {
        for (var i = 0; i < 2_000; i++)
        {
            Assert.True(Secp256k1.IsAccountKey(Secp256k1.NewAccountKey()));
        }
    }
}
