using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using EmrShare.Core.Crypto;

namespace EmrShare.Core.Signing;

/// <summary>32-byte ABI words as EIP-712 encodeData uses them (every static field becomes one word).</summary>
public static class AbiWords
{
    public static byte[] Of(ChainAddress address)
    {
        var word = new byte[32];
        address.ToBytes().CopyTo(word, 12);
        return word;
    }

    public static byte[] Of(Hash32 value) => value.ToBytes();

    public static byte[] Of(ulong value)
    {
        var word = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(word.AsSpan(24), value);
        return word;
    }

    public static byte[] Of(BigInteger value)
    {
        if (value.Sign < 0 || value.GetByteCount(isUnsigned: true) > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "not a uint256");
        }

        var word = new byte[32];
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(word, 32 - bytes.Length);
        return word;
    }

    /// <summary>Dynamic string/bytes members are encoded as keccak256 of their contents.</summary>
    public static byte[] OfString(string value) => Keccak.Hash(Encoding.UTF8.GetBytes(value));

    public static Hash32 TypeHash(string typeString) => Keccak.Hash32(Encoding.UTF8.GetBytes(typeString));

    /// <summary>hashStruct = keccak256(typeHash ‖ encodeData).</summary>
    public static Hash32 HashStruct(Hash32 typeHash, params byte[][] words) =>
        Hash32.FromBytes(Keccak.Hash([typeHash.ToBytes(), .. words]));
}
