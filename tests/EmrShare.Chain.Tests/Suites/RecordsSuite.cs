using EmrShare.Chain.Tests.Support;
using EmrShare.TestSupport;

namespace EmrShare.Chain.Tests.Suites;

/// <summary>Records: append-only version anchors and Merkle batch anchors.</summary>
public abstract class RecordsSuite<TFixture>(TFixture fixture) : ChainTestBase<TFixture>(fixture)
    where TFixture : ChainEndpointFixture
{
    [Fact]
    public async Task AnchorRecord_Version1_StoresCommitment()
    {
        var (id, commitment) = (TestIds.Random(), TestIds.Random());
        await As(HospitalA).Records.AnchorRecordAsync(id, 1, commitment, Bytes32.Zero, Ct);

        Assert.Equal(commitment, await As(Outsider).Records.GetCommitmentAsync(HospitalA.Address, id, 1, Ct));
        Assert.True((await As(Outsider).Records.GetCommitmentAsync(HospitalB.Address, id, 1, Ct)).IsZero);
    }

    [Fact]
    public async Task AnchorRecord_VersionChain_EachLinksToPrevious()
    {
        var id = TestIds.Random();
        var c1 = TestIds.Random();
        var c2 = TestIds.Random();
        var c3 = TestIds.Random();
        var records = As(HospitalA).Records;
        await records.AnchorRecordAsync(id, 1, c1, Bytes32.Zero, Ct);
        await records.AnchorRecordAsync(id, 2, c2, c1, Ct);
        await records.AnchorRecordAsync(id, 3, c3, c2, Ct);

        Assert.Equal(c3, await records.GetCommitmentAsync(HospitalA.Address, id, 3, Ct));
    }

    [Fact]
    public async Task AnchorRecord_SameVersionTwice_RevertsVersionExists()
    {
        var id = TestIds.Random();
        var original = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(id, 1, original, Bytes32.Zero, Ct);

        await AssertRevertsAsync("RecordsVersionExists", () => As(HospitalA).Records.AnchorRecordAsync(id, 1, TestIds.Random(), Bytes32.Zero, Ct));
        Assert.Equal(original, await As(Outsider).Records.GetCommitmentAsync(HospitalA.Address, id, 1, Ct));
    }

    [Fact]
    public async Task AnchorRecord_WrongPrevious_RevertsPreviousMismatch()
    {
        var id = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(id, 1, TestIds.Random(), Bytes32.Zero, Ct);
        await AssertRevertsAsync("RecordsPreviousMismatch", () => As(HospitalA).Records.AnchorRecordAsync(id, 2, TestIds.Random(), TestIds.Random(), Ct));
    }

    [Fact]
    public async Task AnchorRecord_SkippedVersion_RevertsPreviousMismatch()
    {
        var id = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(id, 1, TestIds.Random(), Bytes32.Zero, Ct);
        await AssertRevertsAsync("RecordsPreviousMismatch", () => As(HospitalA).Records.AnchorRecordAsync(id, 3, TestIds.Random(), Bytes32.Zero, Ct));
    }

    [Fact]
    public async Task AnchorRecord_Version1WithPrevious_RevertsPreviousMismatch() =>
        await AssertRevertsAsync("RecordsPreviousMismatch", () => As(HospitalA).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), TestIds.Random(), Ct));

    [Fact]
    public async Task AnchorRecord_AmendOtherHospitalsRecord_RevertsPreviousMismatch()
    {
        var id = TestIds.Random();
        var c1 = TestIds.Random();
        await As(HospitalA).Records.AnchorRecordAsync(id, 1, c1, Bytes32.Zero, Ct);
        await AssertRevertsAsync("RecordsPreviousMismatch", () => As(HospitalB).Records.AnchorRecordAsync(id, 2, TestIds.Random(), c1, Ct));
    }

    [Fact]
    public async Task AnchorRecord_VersionZero_RevertsInvalidVersion() =>
        await AssertRevertsAsync("RecordsInvalidVersion", () => As(HospitalA).Records.AnchorRecordAsync(TestIds.Random(), 0, TestIds.Random(), Bytes32.Zero, Ct));

    [Fact]
    public async Task AnchorRecord_ZeroCommitment_RevertsZeroCommitment() =>
        await AssertRevertsAsync("RecordsZeroCommitment", () => As(HospitalA).Records.AnchorRecordAsync(TestIds.Random(), 1, Bytes32.Zero, Bytes32.Zero, Ct));

    [Fact]
    public async Task AnchorRecord_ByNonHospital_RevertsHospitalNotActive()
    {
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(Outsider).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, Ct));
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(Practitioner).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, Ct));
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(Patient).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, Ct));
    }

    [Fact]
    public async Task AnchorRecord_DeactivatedHospital_RevertsHospitalNotActive()
    {
        await As(Center).Registry.DeactivateHospitalAsync(HospitalB.Address, Ct);
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(HospitalB).Records.AnchorRecordAsync(TestIds.Random(), 1, TestIds.Random(), Bytes32.Zero, Ct));
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(HospitalB).Records.AnchorBatchAsync(TestIds.Random(), 1, Ct));
    }

    [Fact]
    public async Task AnchorBatch_Proofs_EveryLeafAcceptedTamperedRejected()
    {
        var entries = Enumerable.Range(0, 7).Select(i => (Id: TestIds.Random(), Version: (uint)(i % 3) + 1, Commitment: TestIds.Random())).ToList();
        var tree = new MerkleTree([.. entries.Select(e => MerkleTree.BatchLeaf(e.Id, e.Version, e.Commitment))]);
        await As(HospitalA).Records.AnchorBatchAsync(tree.Root, (uint)entries.Count, Ct);

        var records = As(Outsider).Records;
        Assert.Equal(7u, await records.GetBatchSizeAsync(HospitalA.Address, tree.Root, Ct));
        for (var i = 0; i < entries.Count; i++)
        {
            var (id, version, commitment) = entries[i];
            Assert.True(await records.VerifyBatchRecordAsync(HospitalA.Address, tree.Root, id, version, commitment, tree.Proof(i), Ct));
        }

        var first = entries[0];
        Assert.False(await records.VerifyBatchRecordAsync(HospitalA.Address, tree.Root, first.Id, first.Version, TestIds.Random(), tree.Proof(0), Ct));
        Assert.False(await records.VerifyBatchRecordAsync(HospitalA.Address, tree.Root, first.Id, first.Version + 1, first.Commitment, tree.Proof(0), Ct));
        Assert.False(await records.VerifyBatchRecordAsync(HospitalA.Address, tree.Root, first.Id, first.Version, first.Commitment, tree.Proof(1), Ct));
        Assert.False(await records.VerifyBatchRecordAsync(HospitalB.Address, tree.Root, first.Id, first.Version, first.Commitment, tree.Proof(0), Ct));
    }

    [Fact]
    public async Task AnchorBatch_SingleLeaf_RootIsLeafAndVerifiesWithEmptyProof()
    {
        var (id, commitment) = (TestIds.Random(), TestIds.Random());
        var leaf = MerkleTree.BatchLeaf(id, 1, commitment);
        await As(HospitalA).Records.AnchorBatchAsync(leaf, 1, Ct);
        Assert.True(await As(Outsider).Records.VerifyBatchRecordAsync(HospitalA.Address, leaf, id, 1, commitment, [], Ct));
    }

    [Fact]
    public async Task VerifyBatchRecord_UnanchoredRoot_ReturnsFalse()
    {
        var (id, commitment) = (TestIds.Random(), TestIds.Random());
        var leaf = MerkleTree.BatchLeaf(id, 1, commitment);
        Assert.False(await As(Outsider).Records.VerifyBatchRecordAsync(HospitalA.Address, leaf, id, 1, commitment, [], Ct));
    }

    [Fact]
    public async Task AnchorBatch_SameRootTwice_RevertsBatchExists()
    {
        var root = TestIds.Random();
        await As(HospitalA).Records.AnchorBatchAsync(root, 4, Ct);
        await AssertRevertsAsync("RecordsBatchExists", () => As(HospitalA).Records.AnchorBatchAsync(root, 4, Ct));
    }

    [Fact]
    public async Task AnchorBatch_ZeroCount_RevertsEmptyBatch() =>
        await AssertRevertsAsync("RecordsEmptyBatch", () => As(HospitalA).Records.AnchorBatchAsync(TestIds.Random(), 0, Ct));

    [Fact]
    public async Task AnchorBatch_ZeroRoot_RevertsZeroCommitment() =>
        await AssertRevertsAsync("RecordsZeroCommitment", () => As(HospitalA).Records.AnchorBatchAsync(Bytes32.Zero, 3, Ct));

    [Fact]
    public async Task AnchorBatch_ByNonHospital_RevertsHospitalNotActive() =>
        await AssertRevertsAsync("RecordsHospitalNotActive", () => As(Outsider).Records.AnchorBatchAsync(TestIds.Random(), 3, Ct));

    [Fact]
    public async Task BatchLeaf_ContractView_MatchesSpecLeaf()
    {
        var (id, commitment) = (TestIds.Random(), TestIds.Random());
        var client = new ContractClient(Outsider.Web3, Addresses.Records);
        var leaf = await client.QueryAsync<Messages.BatchLeafFunction, byte[]>(new() { RecordId = id.ToArray(), Version = 7, Commitment = commitment.ToArray() }, Ct);
        Assert.Equal(MerkleTree.BatchLeaf(id, 7, commitment), Bytes32.FromBytes(leaf));
    }

    [Fact]
    public async Task DomainSeparator_Records_MatchesSpecComputation()
    {
        var expected = Eip712.DomainSeparator("EmrShare Records", ChainId, Addresses.Records);
        Assert.Equal(expected, await As(Outsider).Records.GetDomainSeparatorAsync(Ct));
        Assert.Equal(Bytes32.FromBytes(Eip712.Keccak(Eip712.ManifestType)), await As(Outsider).Records.GetManifestTypeHashAsync(Ct));
    }
}
