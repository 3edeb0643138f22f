using System.Security.Cryptography;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Identity;
using EmrShare.Core.Merkle;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Chain;
using EmrShare.TestSupport;
using Nethereum.Signer;
using Nethereum.Web3;

namespace EmrShare.Integration.Tests;

/// <summary>
/// The production EIP-712, Merkle and pseudonym code in EmrShare.Core against the real compiled contracts on a
/// real Hardhat node: what Core signs, the contracts accept, and the hashes both compute are identical.
/// </summary>
public sealed class Eip712CrossCheckTests(HardhatFixture fixture) : IClassFixture<HardhatFixture>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly PatientIdentity _patient = PatientIdentity.Create();
    private IWeb3 _center = null!;
    private IWeb3 _hospitalB = null!;
    private string _hospitalAAddress = null!;
    private string _hospitalBAddress = null!;
    private EmrShareAddresses _addresses = null!;

    private long ChainId => fixture.Endpoint.ChainId;

    public async ValueTask InitializeAsync()
    {
        EthECKey.SignRecoverable = true;
        var keys = fixture.Endpoint.FundedPrivateKeys;
        _center = Connect(keys[0]);
        _hospitalAAddress = new EthECKey(keys[1]).GetPublicAddress();
        _hospitalB = Connect(keys[2]);
        _hospitalBAddress = new EthECKey(keys[2]).GetPublicAddress();
        _addresses = await EmrShareDeployment.DeployAndBindAsync(_center, Ct);
        var registry = new EmrShareChain(_center, _addresses).Registry;
        await registry.RegisterHospitalAsync(_hospitalAAddress, new EthECKey(keys[1]).GetPubKey(true), Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32)), Ct);
        await registry.RegisterHospitalAsync(_hospitalBAddress, new EthECKey(keys[2]).GetPubKey(true), Bytes32.FromBytes(RandomNumberGenerator.GetBytes(32)), Ct);
        await registry.RegisterPatientAsync(_patient.IdentityCommitment(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))).ToBytes32(), Ct);
        await registry.RegisterPseudonymsAsync([PseudonymAtA.Address.ToString()], Ct);
    }

    public ValueTask DisposeAsync()
    {
        _patient.Dispose();
        return ValueTask.CompletedTask;
    }

    private Pseudonym PseudonymAtA => _patient.PseudonymAt(ChainAddress.Parse(_hospitalAAddress));

    private Eip712Domain AccessDomain => Eip712Domain.AccessControl((ulong)ChainId, ChainAddress.Parse(_addresses.AccessControl));

    private IWeb3 Connect(string key) => ChainConnection.Connect(fixture.Endpoint.RpcUrl, key, ChainId);

    [Fact]
    public async Task DomainSeparator_CoreAndContracts_AreEqual()
    {
        var chain = new EmrShareChain(_center, _addresses);
        var recordsDomain = Eip712Domain.Records((ulong)ChainId, ChainAddress.Parse(_addresses.Records));

        Assert.Equal(AccessDomain.Separator, (await chain.AccessControl.GetDomainSeparatorAsync(Ct)).ToHash32());
        Assert.Equal(recordsDomain.Separator, (await chain.Records.GetDomainSeparatorAsync(Ct)).ToHash32());
    }

    [Fact]
    public async Task TypeHashes_CoreAndContracts_AreEqual()
    {
        var chain = new EmrShareChain(_center, _addresses);

        Assert.Equal(Grant.TypeHash, (await chain.AccessControl.GetGrantTypeHashAsync(Ct)).ToHash32());
        Assert.Equal(RecordManifest.TypeHash, (await chain.Records.GetManifestTypeHashAsync(Ct)).ToHash32());
    }

    [Fact]
    public async Task SubmitGrant_SignedByCoreWithDerivedPseudonym_AcceptedWithCoreGrantId()
    {
        var grant = NewGrant(Hash32.Zero, DateTimeOffset.UtcNow.AddHours(1));
        var signed = Eip712.Sign(AccessDomain, grant, _patient.PseudonymKey(ChainAddress.Parse(_hospitalAAddress)));
        var chain = new EmrShareChain(_hospitalB, _addresses);

        var receipt = await chain.AccessControl.SubmitGrantAsync(signed.ToSignedGrant(), Ct);

        Assert.Equal(Eip712.GrantId(AccessDomain, grant), receipt.GrantId.ToHash32());
        Assert.Equal(signed.Digest, (await chain.AccessControl.GetGrantDigestAsync(signed.ToSignedGrant().Terms, Ct)).ToHash32());
        Assert.True(await chain.AccessControl.HasAccessAsync(receipt.Grant, Bytes32.FromBytes(RecordId.New().ToBytes()), [], Ct));
    }

    [Fact]
    public async Task HasAccess_CoreMerkleProofsForScopedGrant_AcceptedOnlyForGrantedRecords()
    {
        var granted = Enumerable.Range(0, 5).Select(_ => RecordId.New()).ToList();
        var tree = new MerkleTree(granted.Select(MerkleLeaves.ForScope).ToList());
        var grant = NewGrant(tree.Root, DateTimeOffset.UtcNow.AddHours(1));
        var signed = Eip712.Sign(AccessDomain, grant, _patient.PseudonymKey(ChainAddress.Parse(_hospitalAAddress)));
        var access = new EmrShareChain(_hospitalB, _addresses).AccessControl;
        var receipt = await access.SubmitGrantAsync(signed.ToSignedGrant(), Ct);

        for (var i = 0; i < granted.Count; i++)
        {
            var proof = tree.Proof(i).Select(h => h.ToBytes32()).ToList();
            Assert.True(await access.HasAccessAsync(receipt.Grant, Bytes32.FromBytes(granted[i].ToBytes()), proof, Ct));
        }

        var outsider = Bytes32.FromBytes(RecordId.New().ToBytes());
        Assert.False(await access.HasAccessAsync(receipt.Grant, outsider, tree.Proof(0).Select(h => h.ToBytes32()).ToList(), Ct));
    }

    [Fact]
    public async Task RevokeBySignature_SignedByCore_RevokesGrant()
    {
        var grant = NewGrant(Hash32.Zero, DateTimeOffset.UtcNow.AddHours(1));
        var pseudonymKey = _patient.PseudonymKey(ChainAddress.Parse(_hospitalAAddress));
        var access = new EmrShareChain(_hospitalB, _addresses).AccessControl;
        var receipt = await access.SubmitGrantAsync(Eip712.Sign(AccessDomain, grant, pseudonymKey).ToSignedGrant(), Ct);
        var revoke = Eip712.Sign(AccessDomain, new Revoke(receipt.GrantId.ToHash32()), pseudonymKey);

        Assert.Equal(revoke.Digest, (await access.GetRevokeDigestAsync(receipt.GrantId, Ct)).ToHash32());
        await access.RevokeBySignatureAsync(receipt.Grant, revoke.Signature.ToBytes(), Ct);

        Assert.True((await access.GetGrantAsync(receipt.Grant, Ct)).Revoked);
        Assert.False(await access.HasAccessAsync(receipt.Grant, Bytes32.FromBytes(RecordId.New().ToBytes()), [], Ct));
    }

    [Fact]
    public async Task SubmitGrant_SignedByCoreForAnotherChain_RejectedByContractAndByCore()
    {
        var grant = NewGrant(Hash32.Zero, DateTimeOffset.UtcNow.AddHours(1));
        var wrongDomain = Eip712Domain.AccessControl((ulong)ChainId + 1, ChainAddress.Parse(_addresses.AccessControl));
        var signed = Eip712.Sign(wrongDomain, grant, _patient.PseudonymKey(ChainAddress.Parse(_hospitalAAddress)));
        var access = new EmrShareChain(_hospitalB, _addresses).AccessControl;

        var onChain = await Assert.ThrowsAsync<ContractRevertedException>(() => access.SubmitGrantAsync(signed.ToSignedGrant(), Ct));
        Assert.StartsWith("AccessControl", onChain.ErrorName, StringComparison.Ordinal);
        Assert.Throws<SignatureDomainMismatchException>(() => Eip712.VerifyGrant(signed, AccessDomain, TimeProvider.System));
    }

    [Fact]
    public async Task VerifyBatchRecord_CoreBatchTree_AcceptedOnChain()
    {
        var hospitalA = Connect(fixture.Endpoint.FundedPrivateKeys[1]);
        var records = new EmrShareChain(hospitalA, _addresses).Records;
        var entries = Enumerable.Range(0, 9)
            .Select(i => (Id: RecordId.New(), Version: (uint)(i % 3 + 1), Commitment: Hash32.FromBytes(RandomNumberGenerator.GetBytes(32))))
            .ToList();
        var tree = new MerkleTree(entries.Select(e => MerkleLeaves.ForBatch(e.Id, e.Version, e.Commitment)).ToList());

        await records.AnchorBatchAsync(tree.Root.ToBytes32(), (uint)entries.Count, Ct);

        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var proof = tree.Proof(i).Select(h => h.ToBytes32()).ToList();
            Assert.True(await records.VerifyBatchRecordAsync(_hospitalAAddress, tree.Root.ToBytes32(), Bytes32.FromBytes(e.Id.ToBytes()), e.Version, e.Commitment.ToBytes32(), proof, Ct));
        }

        var tampered = Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)).ToBytes32();
        Assert.False(await records.VerifyBatchRecordAsync(_hospitalAAddress, tree.Root.ToBytes32(), Bytes32.FromBytes(entries[0].Id.ToBytes()), entries[0].Version, tampered, tree.Proof(0).Select(h => h.ToBytes32()).ToList(), Ct));
    }

    private Grant NewGrant(Hash32 scope, DateTimeOffset expiry) => new(
        PseudonymAtA,
        ChainAddress.Parse(_hospitalBAddress),
        scope,
        GrantPurpose.Treatment,
        (ulong)expiry.ToUnixTimeSeconds(),
        Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)));
}
