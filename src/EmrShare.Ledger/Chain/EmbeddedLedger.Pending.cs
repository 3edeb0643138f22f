using System.Numerics;
using EmrShare.Ledger.Transactions;

namespace EmrShare.Ledger.Chain;

/// <summary>What is accepted but not sealed yet, as geth shows it: pending (executable, in the next block) and queued (waiting for a nonce gap to fill).</summary>
public sealed record PendingView(long Number, long Timestamp, BigInteger GasUsed, long GasLimit, BigInteger BaseFee, string Miner, byte[] ParentHash, IReadOnlyList<LedgerTransaction> Transactions, IReadOnlyList<LedgerTransaction> Queued)
{
    public LedgerTransaction? Find(byte[] hash) =>
        Transactions.FirstOrDefault(t => t.Hash.AsSpan().SequenceEqual(hash)) ?? Queued.FirstOrDefault(t => t.Hash.AsSpan().SequenceEqual(hash));
}

public sealed partial class EmbeddedLedger
{
    /// <summary>A snapshot of the pending block (the next block as it would be sealed now) and of the queued pool.</summary>
    public async Task<PendingView> GetPendingAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var head = _tip;
            var environment = _pending?.Environment ?? NextEnvironment();
            return new PendingView(
                environment.Number,
                environment.Timestamp,
                _pending?.GasUsed ?? BigInteger.Zero,
                environment.GasLimit,
                environment.BaseFee,
                environment.Coinbase,
                head.Hash,
                _pending?.Entries.Select(e => e.Tx).ToList() ?? [],
                _pool.Queued());
        }
        finally
        {
            _gate.Release();
        }
    }
}
