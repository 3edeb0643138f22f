using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Transactions;
using Nethereum.Signer;

namespace EmrShare.Ledger.Sealing;

/// <summary>
/// Proof of authority: the sealer signs each header (Clique-style seal in extraData) and anyone holding the
/// block can check who sealed it and that nothing in the header changed since.
/// </summary>
public static class BlockSeal
{
    /// <summary>Signs <paramref name="unsealed"/> (whose extraData is the 32-byte vanity) and returns the sealed block with its hash.</summary>
    public static LedgerBlock Seal(LedgerBlock unsealed, EthECKey sealer)
    {
        ArgumentNullException.ThrowIfNull(unsealed);
        ArgumentNullException.ThrowIfNull(sealer);
        var hash = BlockHeaderCodec.SealingHash(unsealed);
        var (signature, recoveryId) = SenderRecovery.Sign(hash, sealer.GetPrivateKeyAsBytes());
        var extra = new byte[BlockHeaderCodec.VanityLength + BlockHeaderCodec.SealLength];
        unsealed.ExtraData.AsSpan(0, Math.Min(BlockHeaderCodec.VanityLength, unsealed.ExtraData.Length)).CopyTo(extra);
        signature.CopyTo(extra, 32);
        extra[96] = recoveryId;
        var sealedBlock = unsealed with { ExtraData = extra };
        return sealedBlock with { Hash = BlockHeaderCodec.BlockHash(sealedBlock) };
    }

    /// <summary>The address that sealed the block, or null when the seal is malformed.</summary>
    public static string? RecoverSealer(LedgerBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.ExtraData.Length != BlockHeaderCodec.VanityLength + BlockHeaderCodec.SealLength)
        {
            return null;
        }

        var r = block.ExtraData.AsSpan(32, 32).ToArray();
        var s = block.ExtraData.AsSpan(64, 32).ToArray();
        return SenderRecovery.Recover(BlockHeaderCodec.SealingHash(block), r, s, block.ExtraData[96]);
    }

    /// <summary>True when the block hash matches its header and the seal is <paramref name="expectedSealer"/>'s signature.</summary>
    public static bool Verify(LedgerBlock block, string expectedSealer)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(expectedSealer);
        if (!BlockHeaderCodec.BlockHash(block).AsSpan().SequenceEqual(block.Hash))
        {
            return false;
        }

        var sealer = RecoverSealer(block);
        return sealer is not null
            && string.Equals(sealer, LedgerHex.NormalizeAddress(expectedSealer), StringComparison.Ordinal)
            && string.Equals(block.Miner, sealer, StringComparison.Ordinal);
    }
}
