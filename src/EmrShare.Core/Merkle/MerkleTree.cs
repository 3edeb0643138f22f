using EmrShare.Core.Crypto;

namespace EmrShare.Core.Merkle;

/// <summary>
/// Merkle tree compatible with OpenZeppelin MerkleProof.verify: inner node = keccak256(min ‖ max), an odd node
/// is carried up unchanged, a one-leaf tree's root is the leaf, proofs list siblings from leaf to root.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<Hash32[]> _levels;

    public MerkleTree(IReadOnlyList<Hash32> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        }

        _levels = [[.. leaves]];
        while (_levels[^1].Length > 1)
        {
            var below = _levels[^1];
            var above = new Hash32[(below.Length + 1) / 2];
            for (var i = 0; i < above.Length; i++)
            {
                above[i] = 2 * i + 1 < below.Length ? HashPair(below[2 * i], below[2 * i + 1]) : below[2 * i];
            }

            _levels.Add(above);
        }
    }

    public Hash32 Root => _levels[^1][0];

    public int LeafCount => _levels[0].Length;

    public IReadOnlyList<Hash32> Proof(int leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, LeafCount);
        var proof = new List<Hash32>();
        var index = leafIndex;
        for (var level = 0; level < _levels.Count - 1; level++)
        {
            var sibling = index ^ 1;
            if (sibling < _levels[level].Length)
            {
                proof.Add(_levels[level][sibling]);
            }

            index /= 2;
        }

        return proof;
    }

    /// <summary>Folds a proof over a leaf, as MerkleProof.processProof does.</summary>
    public static Hash32 ProcessProof(Hash32 leaf, IEnumerable<Hash32> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        return proof.Aggregate(leaf, HashPair);
    }

    public static bool Verify(Hash32 leaf, IEnumerable<Hash32> proof, Hash32 root) => ProcessProof(leaf, proof) == root;

    /// <summary>Throws <see cref="MerkleProofInvalidException"/> unless the proof leads to the root.</summary>
    public static void EnsureValid(Hash32 leaf, IEnumerable<Hash32> proof, Hash32 root)
    {
        if (!Verify(leaf, proof, root))
        {
            throw new MerkleProofInvalidException("the Merkle proof does not lead to the expected root");
        }
    }

    public static Hash32 HashPair(Hash32 a, Hash32 b)
    {
        var x = a.ToBytes();
        var y = b.ToBytes();
        return x.AsSpan().SequenceCompareTo(y) <= 0
            ? Hash32.FromBytes(Keccak.Hash(x, y))
            : Hash32.FromBytes(Keccak.Hash(y, x));
    }
}
