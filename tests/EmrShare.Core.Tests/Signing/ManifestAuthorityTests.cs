using EmrShare.Core.Crypto;
using EmrShare.Core.Signing;
using Nethereum.Signer;

namespace EmrShare.Core.Tests.Signing;

/// <summary>
/// Core's one check of who signed a record manifest (review S4), as the grantee hospital, the server wallet and the
/// phone wallet all run it: only a practitioner the Registry lists as active at the manifest's custodian passes.
/// </summary>
public sealed class ManifestAuthorityTests
{
    private static readonly ChainAddress Custodian = ChainAddress.Parse("0x" + new string('a', 40));
    private static readonly ChainAddress OtherHospital = ChainAddress.Parse("0x" + new string('b', 40));
    private readonly EthECKey _practitioner = EthECKey.GenerateKey();
    private readonly Registry _registry = new();

    private static Hash32 Digest() => Eip712.Digest(
        Eip712Domain.Records(31337, ChainAddress.Parse("0x" + new string('c', 40))),
        new RecordManifest(RecordId.New(), new Pseudonym(ChainAddress.Parse("0x" + new string('d', 40))), 1, Hash32.Zero,
            Hash32.FromBytes(new byte[32]), Hash32.FromBytes(new byte[32]), Hash32.FromBytes(new byte[32]), Custodian));

    private Task<ChainAddress> CheckAsync(EthECKey signer, Hash32 digest) =>
        ManifestAuthority.EnsureSignedByPractitionerOfAsync(_registry, EthSignature.Sign(digest.ToBytes(), signer), digest, Custodian, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Ensure_ActivePractitionerOfCustodian_ReturnsSigner()
    {
        _registry.Set(_practitioner.Address(), new PractitionerStanding(Custodian, Active: true));

        Assert.Equal(_practitioner.Address(), await CheckAsync(_practitioner, Digest()));
    }

    [Fact]
    public async Task Ensure_KeyNotARegisteredPractitioner_Refused()
    {
        var ex = await Assert.ThrowsAsync<ManifestNotAuthorisedException>(() => CheckAsync(_practitioner, Digest()));
        Assert.Contains("not a registered practitioner", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ensure_PractitionerOfAnotherHospital_Refused()
    {
        _registry.Set(_practitioner.Address(), new PractitionerStanding(OtherHospital, Active: true));

        await Assert.ThrowsAsync<ManifestNotAuthorisedException>(() => CheckAsync(_practitioner, Digest()));
    }

    [Fact]
    public async Task Ensure_DeactivatedPractitioner_Refused()
    {
        _registry.Set(_practitioner.Address(), new PractitionerStanding(Custodian, Active: false));

        await Assert.ThrowsAsync<ManifestNotAuthorisedException>(() => CheckAsync(_practitioner, Digest()));
    }

    [Fact]
    public async Task Ensure_SignatureOverAnotherManifest_Refused()
    {
        // A practitioner's genuine signature on one manifest does not vouch for another (the signer recovers to a stranger).
        _registry.Set(_practitioner.Address(), new PractitionerStanding(Custodian, Active: true));
        var signature = EthSignature.Sign(Digest().ToBytes(), _practitioner);

        await Assert.ThrowsAsync<ManifestNotAuthorisedException>(() =>
            ManifestAuthority.EnsureSignedByPractitionerOfAsync(_registry, signature, Digest(), Custodian, TestContext.Current.CancellationToken));
    }

    private sealed class Registry : IPractitionerRegistry
    {
        private readonly Dictionary<ChainAddress, PractitionerStanding> _known = [];

        public void Set(ChainAddress practitioner, PractitionerStanding standing) => _known[practitioner] = standing;

        public Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken) =>
            Task.FromResult(_known.TryGetValue(practitioner, out var standing) ? standing : null);
    }
}
