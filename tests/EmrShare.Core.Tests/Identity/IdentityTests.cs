using System.Security.Cryptography;
using EmrShare.Core.Crypto;
using EmrShare.Core.Identity;
using Org.BouncyCastle.Math;

namespace EmrShare.Core.Tests.Identity;

public sealed class IdentityTests
{
    private static readonly ChainAddress HospitalA = ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly ChainAddress HospitalB = ChainAddress.Parse("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");

    [Fact]
    public void PseudonymKey_FollowsInterfaceSpec()
    {
        for (var i = 0; i < 64; i++)
        {
            var master = RandomNumberGenerator.GetBytes(32);
            Assert.Equal(SpecKey(master, HospitalA.ToBytes()), new BigInteger(1, PseudonymDerivation.DeriveForHospital(master, HospitalA).ToBytes32()));
            Assert.Equal(SpecKey(master, "index"u8.ToArray()), new BigInteger(1, PseudonymDerivation.DeriveIndexKey(master).ToBytes32()));
        }
    }

    /// <summary>
    /// The spec's retry rule (a scalar below 2^248 is skipped: counter byte 1, 2, … appended to info), on a master
    /// secret found here whose first HKDF output is such a scalar (about 1 in 256 are), so the rule is always exercised.
    /// </summary>
    [Fact]
    public void PseudonymKey_FirstScalarBelow2Pow248_RetriesWithCounterAsSpecified()
    {
        byte[] master;
        do
        {
            master = RandomNumberGenerator.GetBytes(32);
        }
        while (Scalar(master, HospitalA.ToBytes()).BitLength > 248);

        var key = new BigInteger(1, PseudonymDerivation.DeriveForHospital(master, HospitalA).ToBytes32());
        Assert.NotEqual(Scalar(master, HospitalA.ToBytes()), key);
        Assert.Equal(SpecKey(master, HospitalA.ToBytes()), key);
        Assert.True(key.BitLength > 248);
    }

    /// <summary>docs/interfaces.md, written out independently: HKDF-SHA256(master, salt "EmrShare pseudonym v1", info) mod n, retried with a counter byte while below 2^248.</summary>
    private static BigInteger SpecKey(byte[] master, byte[] info)
    {
        for (var counter = 0; counter < 256; counter++)
        {
            var scalar = Scalar(master, counter == 0 ? info : [.. info, (byte)counter]);
            if (scalar.BitLength > 248)
            {
                return scalar;
            }
        }

        throw new InvalidOperationException("no key after 256 attempts");
    }

    private static BigInteger Scalar(byte[] master, byte[] info) =>
        new BigInteger(1, HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, "EmrShare pseudonym v1"u8.ToArray(), info)).Mod(Secp256k1.N);

    [Fact]
    public void PseudonymAt_Deterministic_AndDistinctPerHospital()
    {
        using var patient = PatientIdentity.Create();
        using var again = PatientIdentity.FromMasterSecret(patient.ExportMasterSecret());
        Assert.Equal(patient.PseudonymAt(HospitalA), again.PseudonymAt(HospitalA));
        Assert.NotEqual(patient.PseudonymAt(HospitalA), patient.PseudonymAt(HospitalB));
        Assert.NotEqual(patient.PseudonymAt(HospitalA).Address, patient.IdentityKey.Address());
        Assert.NotEqual(patient.IndexKey().Address(), patient.PseudonymAt(HospitalA).Address);
    }

    [Fact]
    public void PseudonymAt_TwoPatients_Differ()
    {
        using var a = PatientIdentity.Create();
        using var b = PatientIdentity.Create();
        Assert.NotEqual(a.PseudonymAt(HospitalA), b.PseudonymAt(HospitalA));
    }

    [Fact]
    public void IdentityCommitment_IsKeccakOfPublicKeyAndSalt()
    {
        using var patient = PatientIdentity.Create();
        var salt = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
        Assert.Equal(64, patient.IdentityPublicKey.Length);
        Assert.Equal(Keccak.Hash32([.. patient.IdentityPublicKey, .. salt.ToBytes()]), patient.IdentityCommitment(salt));
        Assert.NotEqual(patient.IdentityCommitment(salt), patient.IdentityCommitment(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))));
    }

    [Fact]
    public void FromMasterSecret_WrongLength_ThrowsFormat() =>
        Assert.Throws<EnvelopeFormatException>(() => PatientIdentity.FromMasterSecret(new byte[31]));

    [Fact]
    public void SaltedCommitment_OpensOnlyWithSameDigestAndSalt()
    {
        var digest = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));
        var commitment = SaltedCommitment.Create(digest);
        Assert.Equal(Keccak.Hash32([.. digest.ToBytes(), .. commitment.Salt.ToBytes()]), commitment.Commitment);
        SaltedCommitment.EnsureOpens(commitment.Commitment, digest, commitment.Salt);
        Assert.Throws<CommitmentMismatchException>(() => SaltedCommitment.EnsureOpens(commitment.Commitment, digest, Hash32.Zero));
        Assert.Throws<CommitmentMismatchException>(() => SaltedCommitment.EnsureOpens(commitment.Commitment, Hash32.Zero, commitment.Salt));
        Assert.NotEqual(commitment.Commitment, SaltedCommitment.Create(digest).Commitment);
    }

    [Fact]
    public void Ids_ParseAndCompare_CaseInsensitively()
    {
        var upper = ChainAddress.Parse("0x70997970C51812DC3A010C7D01B50E0D17DC79C8");
        Assert.Equal(HospitalA, upper);
        Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", upper.ToString());
        var id = RecordId.New();
        Assert.Equal(id, RecordId.Parse(id.ToString().ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal)));
        Assert.Throws<EnvelopeFormatException>(() => RecordId.Parse("0x1234"));
        Assert.True(Hash32.Zero.IsZero);
        Assert.Equal(Hash32.Zero, Hash32.FromBytes(new byte[32]));
    }
}
