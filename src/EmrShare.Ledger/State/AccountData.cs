using System.Numerics;

namespace EmrShare.Ledger.State;

/// <summary>An account's balance, nonce and code (immutable: state layers replace, never mutate).</summary>
public sealed record AccountData(BigInteger Balance, BigInteger Nonce, byte[] Code)
{
    public static AccountData Empty { get; } = new(BigInteger.Zero, BigInteger.Zero, []);
}

/// <summary>A storage slot of one contract; addresses are lower-case 0x strings.</summary>
public readonly record struct SlotKey(string Address, BigInteger Slot);

/// <summary>Read access to a state layer (committed head or the pending block on top of it).</summary>
public interface IStateReader
{
    AccountData GetAccount(string address);

    /// <summary>The 32-byte value of a slot (zeros when never written).</summary>
    byte[] GetStorage(string address, BigInteger slot);
}
