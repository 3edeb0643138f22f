using System.Numerics;
using Nethereum.ABI;

namespace EmrShare.Chain.Tests.Support;

/// <summary>
/// Sorted-pair Merkle tree exactly as docs/interfaces.md defines it (OpenZeppelin MerkleProof compatible:
/// inner = keccak(min ‖ max), odd node carried up, one-leaf root = leaf), written for the tests.
/// </summary>
public sealed class MerkleTree
{
    private readonly List<Bytes32[]> _levels = [];

    public MerkleTree(IReadOnlyList<Bytes32> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0)
        {
            throw new ArgumentException("a Merkle tree needs at least one leaf", nameof(leaves));
        }

        var level = leaves.ToArray();
        _levels.Add(level);
        while (level.Length > 1)
        {
            var next = new Bytes32[(level.Length + 1) / 2];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = 2 * i + 1 < level.Length ? Hash(level[2 * i], level[(2 * i) + 1]) : level[2 * i];
            }

            _levels.Add(next);
            level = next;
        }
    }

    public Bytes32 Root => _levels[^1][0];

    public IReadOnlyList<Bytes32> Proof(int leafIndex)
    {
        var proof = new List<Bytes32>();
        var index = leafIndex;
        foreach (var level in _levels.Take(_levels.Count - 1))
        {
            var sibling = index ^ 1;
            if (sibling < level.Length)
            {
                proof.Add(level[sibling]);
            }

            index /= 2;
        }

        return proof;
    }

    public static Bytes32 ScopeLeaf(Bytes32 recordId) =>
        DoubleHash(new ABIEncode().GetABIEncoded(new ABIValue("bytes32", recordId.ToArray())));

    public static Bytes32 BatchLeaf(Bytes32 recordId, uint version, Bytes32 commitment) =>
        DoubleHash(new ABIEncode().GetABIEncoded(
            new ABIValue("bytes32", recordId.ToArray()),
            new ABIValue("uint32", new BigInteger(version)),
            new ABIValue("bytes32", commitment.ToArray())));

    private static Bytes32 DoubleHash(byte[] encoded) => Bytes32.FromBytes(Eip712.Keccak(Eip712.Keccak(encoded)));

    private static Bytes32 Hash(Bytes32 a, Bytes32 b)
    {
        var (lo, hi) = string.CompareOrdinal(a.Hex, b.Hex) <= 0 ? (a, b) : (b, a);
        return Bytes32.FromBytes(Eip712.Keccak([.. lo.ToArray(), .. hi.ToArray()]));
    }
}
