using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Transactions;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.Chain;

/// <summary>
/// Group commit. Sealing (under the chain's gate) no longer waits for SQLite: a sealed block joins the unflushed
/// list and the next block builds on it through <see cref="SealedOverlay"/>. Whoever needs a block durable (the
/// sender of its transaction in automine, a mine call, shutdown) calls <see cref="FlushAsync"/> after leaving the
/// gate; one flush at a time writes EVERY block sealed so far in ONE SQLite transaction, then — under the
/// visibility write lock — merges their diffs and moves the head. So with concurrent senders, blocks sealed back
/// to back while a commit runs share the next commit. Nothing about a block (receipt, head, block number, state,
/// notifications) is served before its commit returned, and the call that sent its transaction does not return
/// before that either. A failed commit stops the ledger (fail-stop): the durable chain is whatever the last good
/// commit left, every later send or mine is refused, and a restart resumes from the database.
/// </summary>
public sealed partial class EmbeddedLedger
{
    private readonly List<SealedBlock> _unflushed = [];
    private readonly Lock _unflushedLock = new();
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private SealedOverlay _tipState = null!;
    private volatile LedgerBlock _tip = null!;
    private volatile Exception? _storageFault;

    /// <summary>Blocks written per SQLite transaction so far (count of commits, count of blocks): group commit's effect.</summary>
    public (long Commits, long Blocks) CommitStatistics => (Interlocked.Read(ref _commits), Interlocked.Read(ref _committedBlocks));

    private long _commits;
    private long _committedBlocks;

    private void InitializeTip(LedgerBlock head)
    {
        _tip = head;
        _tipState = new SealedOverlay(_state);
    }

    /// <summary>Test seam: runs while a block is being appended, after its diff is on the tip state and before it joins the unflushed list.</summary>
    internal Action<long>? AppendingHookForTests { get; set; }

    /// <summary>Test seam: runs when a flush of a block starts, before it takes the flush gate.</summary>
    internal Action<long>? FlushingHookForTests { get; set; }

    /// <summary>
    /// Under the gate: the sealed block becomes the tip (not durable yet, not visible to readers). Its diff is on
    /// the tip state BEFORE it joins the unflushed list: a concurrent flush (outside the gate) copies the list and
    /// then drops that many layers, so a listed block must always have its layer.
    /// </summary>
    private void AppendSealedLocked(SealedBlock sealedBlock)
    {
        _tipState.Push(sealedBlock.Diff);
        AppendingHookForTests?.Invoke(sealedBlock.Block.Number);
        using (_unflushedLock.EnterScope())
        {
            _unflushed.Add(sealedBlock);
        }

        _tip = sealedBlock.Block;
    }

    private void RequireStorageHealthy()
    {
        if (_storageFault is { } fault)
        {
            throw new LedgerRpcException($"ledger storage failed ({fault.GetType().Name}: {fault.Message}); the node accepts nothing until restarted");
        }
    }

    /// <summary>Makes every block sealed up to <paramref name="number"/> durable and visible (no-op when it already is).</summary>
    private async Task FlushAsync(long number)
    {
        if (_head.Number >= number)
        {
            return;
        }

        FlushingHookForTests?.Invoke(number);
        await _flushGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_head.Number >= number)
            {
                return;
            }

            RequireStorageHealthy();
            SealedBlock[] batch;
            using (_unflushedLock.EnterScope())
            {
                batch = [.. _unflushed];
            }

            if (batch.Length == 0)
            {
                return;
            }

            CommitBatch(batch);
            using (_unflushedLock.EnterScope())
            {
                _unflushed.RemoveRange(0, batch.Length);
            }

            _tipState.DropOldest(batch.Length);
            foreach (var sealedBlock in batch)
            {
                Announce(sealedBlock);
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private void CommitBatch(SealedBlock[] batch)
    {
        _visibility.EnterWriteLock();
        try
        {
            try
            {
                _store.Commit(batch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _storageFault = ex;
                throw;
            }

            foreach (var sealedBlock in batch)
            {
                _state.Apply(sealedBlock.Diff);
            }

            _head = batch[^1].Block;
        }
        finally
        {
            _visibility.ExitWriteLock();
        }

        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _committedBlocks, batch.Length);
    }

    private void Announce(SealedBlock sealedBlock)
    {
        foreach (var receipt in sealedBlock.Receipts)
        {
            if (_receiptWaiters.TryRemove(receipt.TransactionHash.ToHex(), out var waiter))
            {
                waiter.TrySetResult(receipt);
            }
        }

        BlockSealed?.Invoke(sealedBlock.Block);
    }

    /// <summary>
    /// A transaction sealed into a block that still waits for its commit (group commit): it is neither in the
    /// pending block any more nor durable yet. Callers show it as pending (nothing of a block is served as mined
    /// before its commit).
    /// </summary>
    public LedgerTransaction? FindSealedNotDurable(byte[] hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        using var scope = _unflushedLock.EnterScope();
        foreach (var sealedBlock in _unflushed)
        {
            foreach (var tx in sealedBlock.Transactions)
            {
                if (tx.Hash.AsSpan().SequenceEqual(hash))
                {
                    return tx;
                }
            }
        }

        return null;
    }

    /// <summary>BLOCKHASH during execution: a sealed block may still be waiting for its commit.</summary>
    private byte[]? UnflushedHash(long number)
    {
        using var scope = _unflushedLock.EnterScope();
        foreach (var sealedBlock in _unflushed)
        {
            if (sealedBlock.Block.Number == number)
            {
                return sealedBlock.Block.Hash;
            }
        }

        return null;
    }
}
