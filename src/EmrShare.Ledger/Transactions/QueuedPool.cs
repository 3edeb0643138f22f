using System.Numerics;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// geth's queued pool: transactions whose nonce is ahead of the sender's next one wait here until the gap fills.
/// Bounded per sender (a gap of at most <see cref="MaxGap"/>) and in total; held in memory only (like geth
/// without its journal, a restart forgets them). Only the ledger's gate holder touches it.
/// </summary>
public sealed class QueuedPool
{
    public const int MaxGap = 64;
    public const int MaxTotal = 4096;
    private readonly Dictionary<string, SortedDictionary<BigInteger, LedgerTransaction>> _bySender = new(StringComparer.Ordinal);
    private int _count;

    public bool Contains(byte[] hash) => _bySender.Values.Any(q => q.Values.Any(t => t.Hash.AsSpan().SequenceEqual(hash)));

    /// <summary>Queues <paramref name="tx"/> (nonce above <paramref name="nextNonce"/>); a same-nonce one is replaced only with geth's fee bump.</summary>
    public void Enqueue(LedgerTransaction tx, BigInteger nextNonce)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (tx.Nonce - nextNonce > MaxGap)
        {
            throw new LedgerRpcException($"nonce too high: address {tx.From}, tx: {tx.Nonce} state: {nextNonce} (at most {MaxGap} ahead are queued)");
        }

        if (!_bySender.TryGetValue(tx.From, out var queue))
        {
            queue = [];
            _bySender[tx.From] = queue;
        }

        if (queue.TryGetValue(tx.Nonce, out var existing))
        {
            FeeBump.RequireReplacement(existing, tx);
            queue[tx.Nonce] = tx;
            return;
        }

        if (_count >= MaxTotal)
        {
            throw new LedgerRpcException("txpool is full");
        }

        queue[tx.Nonce] = tx;
        _count++;
    }

    /// <summary>Removes and returns the sender's queued transaction with exactly <paramref name="nonce"/>, if any.</summary>
    public LedgerTransaction? TakeNext(string sender, BigInteger nonce)
    {
        if (!_bySender.TryGetValue(sender, out var queue) || !queue.Remove(nonce, out var tx))
        {
            return null;
        }

        _count--;
        if (queue.Count == 0)
        {
            _bySender.Remove(sender);
        }

        return tx;
    }

    public IReadOnlyList<LedgerTransaction> Queued() => _bySender.Values.SelectMany(q => q.Values).ToList();
}

/// <summary>geth's replacement rule: a same-nonce transaction replaces another only if fee cap and tip both rise by ≥ 10 %.</summary>
public static class FeeBump
{
    public const int PriceBumpPercent = 10;

    public static void RequireReplacement(LedgerTransaction old, LedgerTransaction replacement)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(replacement);
        if (Cap(replacement) < Threshold(Cap(old)) || Tip(replacement) < Threshold(Tip(old)))
        {
            throw new LedgerRpcException("replacement transaction underpriced");
        }
    }

    private static BigInteger Threshold(BigInteger price) => price * (100 + PriceBumpPercent) / 100;

    private static BigInteger Cap(LedgerTransaction tx) => tx.MaxFeePerGas ?? tx.GasPrice;

    private static BigInteger Tip(LedgerTransaction tx) => tx.MaxPriorityFeePerGas ?? tx.GasPrice;
}
