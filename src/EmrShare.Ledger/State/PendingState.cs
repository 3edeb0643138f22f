using System.Numerics;
using Nethereum.EVM.BlockchainState;

namespace EmrShare.Ledger.State;

/// <summary>
/// The pending block's changes on top of the committed <see cref="WorldState"/>. Only the thread that holds
/// the ledger's gate touches it.
/// </summary>
public sealed class PendingState : IStateReader
{
    private readonly IStateReader _parent;
    private readonly Dictionary<string, AccountData> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<SlotKey, byte[]> _storage = [];

    public PendingState(IStateReader parent)
    {
        _parent = parent;
    }

    public bool IsEmpty => _accounts.Count == 0 && _storage.Count == 0;

    public AccountData GetAccount(string address) =>
        _accounts.TryGetValue(address, out var account) ? account : _parent.GetAccount(address);

    public byte[] GetStorage(string address, BigInteger slot) =>
        _storage.TryGetValue(new SlotKey(address, slot), out var value) ? value : _parent.GetStorage(address, slot);

    public void SetAccount(string address, AccountData account) => _accounts[address] = account;

    /// <summary>
    /// Copies what one transaction's execution changed. Balances the executor never loaded (e.g. the coinbase
    /// it only credits) carry a delta in ExecutionBalance and are added to the stored balance.
    /// </summary>
    public void Apply(ExecutionStateService execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        foreach (var (rawAddress, state) in execution.AccountsState)
        {
            // Most entries were only warmed (the ~17 precompiles, the coinbase before it is paid): nothing was
            // loaded or written, so nothing can have changed — skip them before any address normalisation.
            if (!state.Balance.InitialChainBalance.HasValue && !state.Balance.ExecutionBalance.HasValue
                && state.Nonce is null && state.Code is null && state.Storage.Count == 0)
            {
                continue;
            }

            var address = LedgerHex.NormalizeAddress(rawAddress);
            var current = GetAccount(address);
            var balance = current.Balance;
            if (state.Balance.InitialChainBalance.HasValue)
            {
                balance = state.Balance.GetTotalBalance();
            }
            else if (state.Balance.ExecutionBalance.HasValue)
            {
                balance = current.Balance + state.Balance.ExecutionBalance.Value;
            }

            var nonce = state.Nonce ?? current.Nonce;
            var code = state.Code ?? current.Code;
            if (balance != current.Balance || nonce != current.Nonce || !ReferenceEquals(code, current.Code) && !code.AsSpan().SequenceEqual(current.Code))
            {
                _accounts[address] = new AccountData(balance, nonce, code);
            }

            foreach (var (slot, value) in state.Storage)
            {
                var word = LedgerHex.Word(value);
                if (!word.AsSpan().SequenceEqual(GetStorage(address, slot)))
                {
                    _storage[new SlotKey(address, slot)] = word;
                }
            }
        }
    }

    public StateDiff ToDiff()
    {
        var accounts = _accounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var storage = _storage.ToList();
        storage.Sort((a, b) => StateDiff.CompareSlots(a.Key, b.Key));
        return new StateDiff(accounts, storage);
    }
}
