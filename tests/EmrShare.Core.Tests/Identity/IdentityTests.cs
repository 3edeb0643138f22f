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
        var master = RandomNumberGenerator.GetBytes(32);
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, "EmrShare pseudonym v1"u8.ToArray(), HospitalA.ToBytes());
        var expected = new BigInteger(1, okm).Mod(Secp256k1.N);
        var key = PseudonymDerivation.DeriveForHospital(master, HospitalA);
        Assert.Equal(expected, new BigInteger(1, key.ToBytes32()));
        var indexOkm = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, "EmrShare pseudonym v1"u8.ToArray(), "index"u8.ToArray());
        Assert.Equal(new BigInteger(1, indexOkm).Mod(Secp256k1.N), new BigInteger(1, PseudonymDerivation.DeriveIndexKey(master).ToBytes32()));
    }

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
