using System.Numerics;
using EmrShare.Ledger.Chain;
using Nethereum.RLP;
using Nethereum.Util;

namespace EmrShare.Ledger.Sealing;

/// <summary>Ethereum (London+) header RLP and hashes, with the Clique seal convention for extraData.</summary>
public static class BlockHeaderCodec
{
    public const int VanityLength = 32;
    public const int SealLength = 65;

    /// <summary>keccak256(RLP([])) — the "no uncles" hash every post-merge header carries.</summary>
    public static byte[] EmptyUnclesHash { get; } = Sha3Keccack.Current.CalculateHash(RLP.EncodeList());

    /// <summary>Hash of the header as it will be signed: extraData without its trailing seal.</summary>
    public static byte[] SealingHash(LedgerBlock header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Sha3Keccack.Current.CalculateHash(Encode(header, header.ExtraData.AsSpan(0, Math.Min(VanityLength, header.ExtraData.Length)).ToArray()));
    }

    /// <summary>The block hash: keccak256 of the full header, seal included.</summary>
    public static byte[] BlockHash(LedgerBlock header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Sha3Keccack.Current.CalculateHash(Encode(header, header.ExtraData));
    }

    public static byte[] Encode(LedgerBlock header, byte[] extraData)
    {
        ArgumentNullException.ThrowIfNull(header);
        return RLP.EncodeList(
            RLP.EncodeElement(header.ParentHash),
            RLP.EncodeElement(EmptyUnclesHash),
            RLP.EncodeElement(Convert.FromHexString(header.Miner.AsSpan(2))),
            RLP.EncodeElement(header.StateRoot),
            RLP.EncodeElement(header.TransactionsRoot),
            RLP.EncodeElement(header.ReceiptsRoot),
            RLP.EncodeElement(header.LogsBloom),
            RLP.EncodeElement(Scalar(BigInteger.One)),
            RLP.EncodeElement(Scalar(header.Number)),
            RLP.EncodeElement(Scalar(header.GasLimit)),
            RLP.EncodeElement(Scalar(header.GasUsed)),
            RLP.EncodeElement(Scalar(header.Timestamp)),
            RLP.EncodeElement(extraData),
            RLP.EncodeElement(new byte[32]),
            RLP.EncodeElement(new byte[8]),
            RLP.EncodeElement(Scalar(header.BaseFeePerGas)));
    }

    /// <summary>Minimal big-endian bytes (RLP integers have no leading zeros; zero is the empty string).</summary>
    public static byte[] Scalar(BigInteger value) => value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
}
