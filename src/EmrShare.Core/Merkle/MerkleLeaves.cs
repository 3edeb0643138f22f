using System.Buffers.Binary;
using EmrShare.Core.Crypto;

namespace EmrShare.Core.Merkle;

/// <summary>
/// Leaf hashes exactly as docs/interfaces.md fixes them (OpenZeppelin's double-hashed leaves, which keep a
/// leaf from being confused with an inner node).
/// </summary>
public static class MerkleLeaves
{
    /// <summary>Grant-scope leaf: keccak256(bytes.concat(keccak256(abi.encode(bytes32 recordId)))).</summary>
    public static Hash32 ForScope(RecordId recordId) =>
        Hash32.FromBytes(Keccak.Hash(Keccak.Hash(recordId.ToBytes())));

    /// <summary>Batch-anchor leaf: keccak256(bytes.concat(keccak256(abi.encode(bytes32 recordId, uint32 version, bytes32 commitment)))).</summary>
    public static Hash32 ForBatch(RecordId recordId, uint version, Hash32 commitment)
    {
        var encoded = new byte[96];
        recordId.ToBytes().CopyTo(encoded, 0);
        BinaryPrimitives.WriteUInt32BigEndian(encoded.AsSpan(60), version);
        commitment.ToBytes().CopyTo(encoded, 64);
        return Hash32.FromBytes(Keccak.Hash(Keccak.Hash(encoded)));
    }
}
