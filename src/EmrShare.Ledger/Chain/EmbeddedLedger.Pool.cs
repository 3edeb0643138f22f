using EmrShare.Ledger.Transactions;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.Chain;

/// <summary>
/// The transaction pool as geth runs it: a transaction with the sender's next nonce executes into the pending block;
/// one ahead of it waits in the queued pool until the gap fills; one with the nonce of a still-pending transaction
/// replaces it only with a ≥ 10 % fee bump (wallets' speed-up and cancel).
/// </summary>
public sealed partial class EmbeddedLedger
{
    /// <summary>Raised (under the chain's lock: handlers must be quick) when a transaction enters the pending block.</summary>
    public event Action<byte[]>? TransactionPending;

    private async Task AdmitLockedAsync(LedgerTransaction tx)
    {
        RequireStorageHealthy();
        if ((_pending?.Contains(tx.Hash) ?? false) || _pool.Contains(tx.Hash))
        {
            throw new LedgerRpcException("already known");
        }

        if (tx.GasLimit > Options.BlockGasLimit)
        {
            throw new LedgerRpcException("exceeds block gas limit");
        }

        RequireMinimumPrice(tx);
        var next = (_pending?.State ?? (State.IStateReader)_tipState).GetAccount(tx.From).Nonce;
        if (tx.Nonce > next)
        {
            _pool.Enqueue(tx, next);
            return;
        }

        if (tx.Nonce < next)
        {
            var replaced = _pending?.Entries.Select(e => e.Tx).FirstOrDefault(t => t.From == tx.From && t.Nonce == tx.Nonce)
                ?? throw new LedgerRpcException($"nonce too low: address {tx.From}, tx: {tx.Nonce} state: {next}");
            FeeBump.RequireReplacement(replaced, tx);
            await ReplacePendingLockedAsync(replaced, tx).ConfigureAwait(false);
            TransactionPending?.Invoke(tx.Hash);
            return;
        }

        await ExecuteLockedAsync(tx).ConfigureAwait(false);
        TransactionPending?.Invoke(tx.Hash);
        SealIfAutomineLocked();
        await PromoteQueuedLockedAsync(tx.From).ConfigureAwait(false);
    }

    private void SealIfAutomineLocked()
    {
        if (Options.Mining == MiningMode.Automine)
        {
            SealPendingLocked();
        }
    }

    /// <summary>The sender's queued transactions that became executable, in nonce order; one that no longer fits (funds) is dropped.</summary>
    private async Task PromoteQueuedLockedAsync(string sender)
    {
        while (true)
        {
            var nonce = (_pending?.State ?? (State.IStateReader)_tipState).GetAccount(sender).Nonce;
            if (_pool.TakeNext(sender, nonce) is not { } queued)
            {
                return;
            }

            try
            {
                await ExecuteLockedAsync(queued).ConfigureAwait(false);
                TransactionPending?.Invoke(queued.Hash);
                SealIfAutomineLocked();
            }
            catch (LedgerRpcException ex)
            {
                Drop(queued, ex.Message);
                return;
            }
        }
    }

    /// <summary>Re-executes the pending block with <paramref name="replacement"/> in place of <paramref name="replaced"/>; later transactions that no longer fit are dropped.</summary>
    private async Task ReplacePendingLockedAsync(LedgerTransaction replaced, LedgerTransaction replacement)
    {
        var previous = _pending!;
        _pending = new PendingBlock(previous.Environment, _tipState);
        try
        {
            foreach (var (tx, _) in previous.Entries)
            {
                var candidate = ReferenceEquals(tx, replaced) ? replacement : tx;
                try
                {
                    await ExecuteLockedAsync(candidate).ConfigureAwait(false);
                }
                catch (LedgerRpcException) when (!ReferenceEquals(candidate, replacement))
                {
                    Drop(candidate, "dropped: no longer executable after a replacement");
                }
            }
        }
        catch
        {
            _pending = previous;
            throw;
        }

        Drop(replaced, "transaction replaced by a higher-fee one with the same nonce");
    }

    private void Drop(LedgerTransaction tx, string reason)
    {
        if (_receiptWaiters.TryRemove(tx.Hash.ToHex(), out var waiter))
        {
            waiter.TrySetException(new LedgerRpcException(reason));
        }
    }
}
