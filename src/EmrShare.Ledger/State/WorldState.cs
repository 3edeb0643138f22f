using System.Collections.Concurrent;
using System.Numerics;

namespace EmrShare.Ledger.State;

/// <summary>
/// The state as of the last sealed block, fully in memory (loaded from SQLite at start; every sealed block
/// writes its diff to SQLite in the block's transaction before it is merged here). Concurrent dictionaries
/// let RPC reads run while the sealer merges a block.
/// </summary>
public sealed class WorldState : IStateReader
{
    private readonly ConcurrentDictionary<string, AccountData> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SlotKey, byte[]> _storage = new();

    public int AccountCount => _accounts.Count;

    public AccountData GetAccount(string address) =>
        _accounts.TryGetValue(address, out var account) ? account : AccountData.Empty;

    public byte[] GetStorage(string address, BigInteger slot) =>
        _storage.TryGetValue(new SlotKey(address, slot), out var value) ? value : new byte[32];

    public void SetAccount(string address, AccountData account) => _accounts[address] = account;

    public void SetStorage(SlotKey key, byte[] word)
    {
        if (word.All(b => b == 0))
        {
            _storage.TryRemove(key, out _);
        }
        else
        {
            _storage[key] = word;
        }
    }

    /// <summary>Merges a sealed block's diff (already persisted).</summary>
    public void Apply(StateDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        foreach (var (address, account) in diff.Accounts)
        {
            SetAccount(address, account);
        }

        foreach (var (key, word) in diff.Storage)
        {
            SetStorage(key, word);
        }
    }
}
