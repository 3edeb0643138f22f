using System.Numerics;
using Nethereum.Util;

namespace EmrShare.Ledger.State;

/// <summary>Every account and slot a block changed, in a deterministic order (the block's state commitment hashes it).</summary>
public sealed record StateDiff(
    IReadOnlyList<KeyValuePair<string, AccountData>> Accounts,
    IReadOnlyList<KeyValuePair<SlotKey, byte[]>> Storage)
{
    /// <summary>
    /// keccak256(parent ‖ for each account: address ‖ balance ‖ nonce ‖ keccak(code) ‖ for each slot: address ‖ slot ‖ value),
    /// sorted — a hash chain over state diffs standing in for the Merkle-Patricia state root (see docs/ledger.md).
    /// </summary>
    public byte[] Commitment(byte[] parentCommitment)
    {
        ArgumentNullException.ThrowIfNull(parentCommitment);
        using var buffer = new MemoryStream();
        buffer.Write(parentCommitment);
        var keccak = Sha3Keccack.Current;
        foreach (var (address, account) in Accounts)
        {
            buffer.Write(Convert.FromHexString(address.AsSpan(2)));
            buffer.Write(LedgerHex.Word(account.Balance.ToByteArray(isUnsigned: true, isBigEndian: true)));
            buffer.Write(LedgerHex.Word(account.Nonce.ToByteArray(isUnsigned: true, isBigEndian: true)));
            buffer.Write(keccak.CalculateHash(account.Code));
        }

        foreach (var (key, word) in Storage)
        {
            buffer.Write(Convert.FromHexString(key.Address.AsSpan(2)));
            buffer.Write(LedgerHex.Word(key.Slot.ToByteArray(isUnsigned: true, isBigEndian: true)));
            buffer.Write(word);
        }

        return keccak.CalculateHash(buffer.ToArray());
    }

    internal static int CompareSlots(SlotKey a, SlotKey b)
    {
        var byAddress = string.CompareOrdinal(a.Address, b.Address);
        return byAddress != 0 ? byAddress : BigInteger.Compare(a.Slot, b.Slot);
    }
}
