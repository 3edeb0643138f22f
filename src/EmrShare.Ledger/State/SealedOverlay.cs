using System.Numerics;

namespace EmrShare.Ledger.State;

/// <summary>
/// The chain's tip state while sealed blocks wait for their group commit: the diffs of the sealed but not yet
/// durable blocks, newest first, over the durable <see cref="WorldState"/>. The sealer (under the chain's gate)
/// pushes a block's diff as it seals it; the committer, after merging committed diffs into the durable state,
/// drops them from here. Readers take one snapshot of the layers, so what they see never changes under them: a
/// key of a layer still listed is read from the layer, and the durable merge only touches keys of listed layers.
/// </summary>
public sealed class SealedOverlay : IStateReader
{
    private readonly IStateReader _durable;
    private readonly Lock _lock = new();
    private volatile Layer[] _layers = [];

    public SealedOverlay(IStateReader durable)
    {
        _durable = durable;
    }

    /// <summary>Sealed blocks not yet durable.</summary>
    public int Count => _layers.Length;

    public AccountData GetAccount(string address)
    {
        var layers = _layers;
        for (var i = layers.Length - 1; i >= 0; i--)
        {
            if (layers[i].Accounts.TryGetValue(address, out var account))
            {
                return account;
            }
        }

        return _durable.GetAccount(address);
    }

    public byte[] GetStorage(string address, BigInteger slot)
    {
        var layers = _layers;
        if (layers.Length > 0)
        {
            var key = new SlotKey(address, slot);
            for (var i = layers.Length - 1; i >= 0; i--)
            {
                if (layers[i].Storage.TryGetValue(key, out var word))
                {
                    return word;
                }
            }
        }

        return _durable.GetStorage(address, slot);
    }

    /// <summary>A newly sealed block's diff, on top.</summary>
    public void Push(StateDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var layer = new Layer(
            diff.Accounts.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            diff.Storage.ToDictionary(kv => kv.Key, kv => kv.Value));
        using var scope = _lock.EnterScope();
        _layers = [.. _layers, layer];
    }

    /// <summary>The oldest <paramref name="count"/> diffs, once they are merged into the durable state.</summary>
    public void DropOldest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var scope = _lock.EnterScope();

        // The sealer pushes a block's layer before listing the block for commit, so a committed batch never has
        // more blocks than there are layers; should that ever break, drop what exists rather than fail a commit
        // that already succeeded (its announcement must still run).
        _layers = _layers[Math.Min(count, _layers.Length)..];
    }

    /// <summary>Forgets every layer (after a failed commit: none of them became durable).</summary>
    public void Clear()
    {
        using var scope = _lock.EnterScope();
        _layers = [];
    }

    private sealed record Layer(Dictionary<string, AccountData> Accounts, Dictionary<SlotKey, byte[]> Storage);
}
