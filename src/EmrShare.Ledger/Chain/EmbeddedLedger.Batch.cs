using EmrShare.Ledger.Transactions;

namespace EmrShare.Ledger.Chain;

public sealed partial class EmbeddedLedger
{
    private static readonly int DecodeParallelism = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Submits many raw transactions at once. Decoding and sender recovery (half of the per-transaction CPU)
    /// run in parallel on cores − 1 threads, outside the lock; the decoded transactions are then checked and
    /// executed serially, in the given order, under one acquisition of the chain's lock — so nonce and balance
    /// checks are exactly those of submitting them one by one in that order. One bad transaction never affects the others: each gets its own
    /// outcome. In automine mode each accepted transaction is sealed in its own block, as with single submission.
    /// </summary>
    public async Task<IReadOnlyList<RawTransactionOutcome>> SendRawTransactionsAsync(IReadOnlyList<byte[]> raws, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(raws);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var decoded = new LedgerTransaction?[raws.Count];
        var errors = new LedgerRpcException?[raws.Count];
        if (raws.Count == 0)
        {
            return [];
        }

        // Recovery is pure CPU and independent per transaction, and runs without the chain's lock so it overlaps
        // with other callers' execution. Like single submissions it goes through the decode slots (cores − 1),
        // so concurrent batches never starve the lock holder of its core.
        await _decodeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Run(
                () => Parallel.For(
                    0,
                    raws.Count,
                    new ParallelOptions { MaxDegreeOfParallelism = DecodeParallelism, CancellationToken = cancellationToken },
                    i =>
                    {
                        try
                        {
                            decoded[i] = _decoder.Decode(raws[i] ?? throw new LedgerRpcException("rlp: invalid transaction encoding"));
                        }
                        catch (LedgerRpcException ex)
                        {
                            errors[i] = ex;
                        }
                    }),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _decodeSlots.Release();
        }

        for (var i = 0; i < decoded.Length; i++)
        {
            if (decoded[i] is { } candidate && !await IsPermittedAsync(candidate, cancellationToken).ConfigureAwait(false))
            {
                errors[i] = NotAuthorized();
                decoded[i] = null;
            }
        }

        long sealedThrough;
        var admitted = 0;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < decoded.Length; i++)
            {
                if (decoded[i] is not { } tx)
                {
                    continue;
                }

                try
                {
                    await AdmitLockedAsync(tx).ConfigureAwait(false);
                    admitted++;
                }
                catch (LedgerRpcException ex)
                {
                    errors[i] = ex;
                }
            }

            sealedThrough = _tip.Number;
        }
        finally
        {
            _gate.Release();
        }

        // Nothing admitted (e.g. every transaction refused after a storage fault): nothing of this call to make durable.
        if (admitted > 0)
        {
            await FlushAsync(sealedThrough).ConfigureAwait(false);
        }

        var outcomes = new RawTransactionOutcome[raws.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = errors[i] is { } error ? new RawTransactionOutcome(null, error) : new RawTransactionOutcome(decoded[i]!.Hash, null);
        }

        return outcomes;
    }
}
