using EmrShare.Core.Crypto;
using EmrShare.Core.Merkle;

namespace EmrShare.Core.Tests.Merkle;

public sealed class MerkleTreeTests
{
    private static Hash32 Sorted(Hash32 a, Hash32 b)
    {
        var (x, y) = string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);
        return Keccak.Hash32([.. x.ToBytes(), .. y.ToBytes()]);
    }

    private static List<Hash32> Leaves(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => MerkleLeaves.ForScope(RecordId.New()))];

    [Fact]
    public void Root_OneLeaf_IsTheLeaf()
    {
        var leaf = MerkleLeaves.ForScope(RecordId.New());
        var tree = new MerkleTree([leaf]);
        Assert.Equal(leaf, tree.Root);
        Assert.Empty(tree.Proof(0));
        Assert.True(MerkleTree.Verify(leaf, [], tree.Root));
    }

    [Fact]
    public void Root_ThreeLeaves_CarriesOddNodeUp()
    {
        var l = Leaves(3);
        var tree = new MerkleTree(l);
        Assert.Equal(Sorted(Sorted(l[0], l[1]), l[2]), tree.Root);
        Assert.Equal([Sorted(l[0], l[1])], tree.Proof(2));
        Assert.Equal([l[1], l[2]], tree.Proof(0));
    }

    [Fact]
    public void Root_FiveLeaves_MatchesHandComputation()
    {
        var l = Leaves(5);
        var expected = Sorted(Sorted(Sorted(l[0], l[1]), Sorted(l[2], l[3])), l[4]);
        Assert.Equal(expected, new MerkleTree(l).Root);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(33)]
    public void Proof_EveryLeaf_Verifies(int count)
    {
        var l = Leaves(count);
        var tree = new MerkleTree(l);
        for (var i = 0; i < count; i++)
        {
            MerkleTree.EnsureValid(l[i], tree.Proof(i), tree.Root);
        }
    }

    [Fact]
    public void EnsureValid_WrongLeafOrTamperedProof_ThrowsTyped()
    {
        var l = Leaves(6);
        var tree = new MerkleTree(l);
        Assert.Throws<MerkleProofInvalidException>(() => MerkleTree.EnsureValid(MerkleLeaves.ForScope(RecordId.New()), tree.Proof(0), tree.Root));
        var proof = tree.Proof(3).ToList();
        proof[0] = l[0];
        Assert.Throws<MerkleProofInvalidException>(() => MerkleTree.EnsureValid(l[3], proof, tree.Root));
    }

    [Fact]
    public void Leaves_MatchSolidityEncodings()
    {
        var recordId = RecordId.New();
        var commitment = Keccak.Hash32("c"u8);
        Assert.Equal(Keccak.Hash32(Keccak.Hash(recordId.ToBytes())), MerkleLeaves.ForScope(recordId));
        var word = new byte[32];
        word[31] = 5;
        byte[] abiEncoded = [.. recordId.ToBytes(), .. word, .. commitment.ToBytes()];
        Assert.Equal(Keccak.Hash32(Keccak.Hash(abiEncoded)), MerkleLeaves.ForBatch(recordId, 5, commitment));
    }

    [Fact]
    public void Constructor_NoLeaves_Throws() => Assert.Throws<ArgumentException>(() => new MerkleTree([]));
}
