using System.Security.Cryptography;
using System.Text.Json;
using EmrShare.Core.Identity;
using EmrShare.Core.Crypto;
using Microsoft.Extensions.Time.Testing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Identity;

public sealed class PseudonymRegistrationTests : IDisposable
{
    private static readonly ChainAddress Hospital = ChainAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static readonly ChainAddress Registry = ChainAddress.Parse("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly PatientIdentity _patient = PatientIdentity.Create();
    private readonly Hash32 _salt = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));

    private PseudonymRegistration Create() => PseudonymRegistration.Create(_patient, Hospital, _salt, 31337, Registry, _time);

    [Fact]
    public void Verify_HonestRequest_PassesAndNamesHospitalPseudonym()
    {
        var request = JsonSerializer.Deserialize<PseudonymRegistration>(JsonSerializer.Serialize(Create()))!;
        request.Verify(_patient.IdentityCommitment(_salt), 31337, Registry, _time);
        Assert.Equal(_patient.PseudonymAt(Hospital), request.Pseudonym);
    }

    [Fact]
    public void Verify_OtherPatientsCommitment_ThrowsCommitmentMismatch()
    {
        using var other = PatientIdentity.Create();
        Assert.Throws<CommitmentMismatchException>(() => Create().Verify(other.IdentityCommitment(_salt), 31337, Registry, _time));
    }

    [Fact]
    public void Verify_PseudonymNotOwned_ThrowsInvalid()
    {
        // Claiming somebody else's pseudonym: the pseudonym signature cannot match.
        var stolen = Create() with { Pseudonym = new Pseudonym(EthECKey.GenerateKey().Address()) };
        Assert.Throws<SignatureInvalidException>(() => stolen.Verify(_patient.IdentityCommitment(_salt), 31337, Registry, _time));
    }

    [Fact]
    public void Verify_WrongChainOrStale_ThrowsTyped()
    {
        var request = Create();
        var commitment = _patient.IdentityCommitment(_salt);
        Assert.Throws<SignatureDomainMismatchException>(() => request.Verify(commitment, 1, Registry, _time));
        Assert.Throws<SignatureDomainMismatchException>(() => request.Verify(commitment, 31337, Hospital, _time));
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Throws<SignatureExpiredException>(() => request.Verify(commitment, 31337, Registry, _time));
    }

    [Fact]
    public void Verify_TamperedTimestamp_ThrowsInvalid()
    {
        var request = Create() with { IssuedAt = _time.GetUtcNow().ToUnixTimeSeconds() - 1 };
        Assert.Throws<SignatureInvalidException>(() => request.Verify(_patient.IdentityCommitment(_salt), 31337, Registry, _time));
    }

    public void Dispose() => _patient.Dispose();
}
