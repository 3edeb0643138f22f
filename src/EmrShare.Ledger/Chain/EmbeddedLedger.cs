using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using EmrShare.Ledger.Execution;
using EmrShare.Ledger.Sealing;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Storage;
using EmrShare.Ledger.Transactions;
using Nethereum.Signer;

namespace EmrShare.Ledger.Chain;

/// <summary>
/// A single-sealer (proof-of-authority) EVM chain persisted in SQLite. Transactions are checked and executed
/// into the pending block as they arrive (so rejections are immediate and exact); the pending block is sealed
/// per transaction (automine) or per interval, and committed to SQLite before anything about it is served.
/// </summary>
public sealed partial class EmbeddedLedger : IAsyncDisposable
{
    private readonly LedgerStore _store;
    private readonly WorldState _state = new();
    private readonly RawTransactionDecoder _decoder;
    private readonly TransactionRunner _runner;
    private readonly EthECKey _sealer;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly QueuedPool _pool = new();

    // A block becomes visible all at once: its commit, state merge and head update happen under the write
    // side, and ungated reads (receipts, blocks, latest state) take the read side, so a client that sees a
    // receipt also sees the state it produced.
    private readonly ReaderWriterLockSlim _visibility = new(LockRecursionPolicy.NoRecursion);

    // Signature recovery runs outside the gate, in parallel, but on at most cores−1 threads: the gate holder
    // (execution, sealing) is the serial bottleneck and must never be starved of a core by decoders.
    private readonly SemaphoreSlim _decodeSlots = new(Math.Max(1, Environment.ProcessorCount - 1));
    private readonly ConcurrentDictionary<string, TaskCompletionSource<LedgerReceipt>> _receiptWaiters = new(StringComparer.Ordinal);
    private ITimer? _miningTimer;
    private volatile LedgerBlock _head;
    private PendingBlock? _pending;
    private bool _disposed;

    private EmbeddedLedger(LedgerOptions options, LedgerStore store, TimeProvider time, LedgerBlock head)
    {
        Options = options;
        _store = store;
        _time = time;
        _head = head;
        InitializeTip(head);
        _sealer = new EthECKey(options.SealerPrivateKey);
        _decoder = new RawTransactionDecoder(options.ChainId, options.MaxTransactionBytes);
        _runner = new TransactionRunner(BlockHashOf);
    }

    public LedgerOptions Options { get; }

    public LedgerBlock Head => _head;

    public string SealerAddress => _sealer.GetPublicAddress().ToLowerInvariant();

    /// <summary>Raised (on the sealing thread) after a block is durably committed.</summary>
    public event Action<LedgerBlock>? BlockSealed;

    /// <summary>The last error of a timer-driven seal (null when the last one succeeded).</summary>
    public Exception? LastMiningError { get; private set; }

    /// <summary>Opens the chain in <see cref="LedgerOptions.DatabasePath"/>, creating genesis on first start.</summary>
    public static Task<EmbeddedLedger> OpenAsync(LedgerOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        EthECKey.SignRecoverable = true;
        SenderRecovery.SelfTest();
        time ??= TimeProvider.System;
        var store = LedgerStore.Open(options.DatabasePath, options.SyncEveryCommit);
        try
        {
            var head = store.GetHead() ?? GenesisBlock.Create(options, store);
            var chainId = store.GetMeta("chainId");
            var sealer = store.GetMeta("sealer");
            if (chainId != options.ChainId.ToString(CultureInfo.InvariantCulture) || sealer != options.SealerAddress)
            {
                throw new LedgerConfigurationException($"the database at {options.DatabasePath} belongs to chain {chainId} sealed by {sealer}, not to this configuration");
            }

            var ledger = new EmbeddedLedger(options, store, time, head);
            store.LoadState(ledger._state);
            if (options.Mining == MiningMode.Interval)
            {
                ledger._miningTimer = time.CreateTimer(_ => ledger.OnMiningTick(), null, options.BlockInterval, options.BlockInterval);
            }

            return Task.FromResult(ledger);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// eth_sendRawTransaction: validates, executes into the pending block and returns the hash. In automine
    /// mode the block is sealed and committed before this returns; otherwise the receipt appears when the
    /// interval seal commits (see <see cref="WaitForReceiptAsync"/>).
    /// </summary>
    public async Task<byte[]> SendRawTransactionAsync(byte[] raw, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        LedgerTransaction tx;
        await _decodeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            tx = _decoder.Decode(raw);
        }
        finally
        {
            _decodeSlots.Release();
        }

        await RequirePermittedAsync(tx, cancellationToken).ConfigureAwait(false);
        long sealedThrough;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AdmitLockedAsync(tx).ConfigureAwait(false);
            sealedThrough = _tip.Number;
        }
        finally
        {
            _gate.Release();
        }

        // Automine: the transaction's block is durable before its hash is returned (group commit, see FlushAsync).
        await FlushAsync(sealedThrough).ConfigureAwait(false);
        return tx.Hash;
    }

    private async Task ExecuteLockedAsync(LedgerTransaction tx)
    {
        if (_pending is not null && _pending.Count > 0 && tx.GasLimit > _pending.GasRemaining)
        {
            SealPendingLocked();
        }

        var pending = _pending ??= new PendingBlock(NextEnvironment(), _tipState);
        var account = pending.State.GetAccount(tx.From);
        if (tx.Nonce != account.Nonce)
        {
            throw new LedgerRpcException($"nonce too {(tx.Nonce < account.Nonce ? "low" : "high")}: address {tx.From}, tx: {tx.Nonce} state: {account.Nonce}");
        }

        var cost = tx.GasLimit * tx.GasPrice + tx.Value;
        if (account.Balance < cost)
        {
            throw new LedgerRpcException($"insufficient funds for gas * price + value: address {tx.From} have {account.Balance} want {cost}");
        }

        var request = new ExecutionRequest
        {
            From = tx.From, To = tx.To, Input = tx.Input, Value = tx.Value, GasLimit = tx.GasLimit, GasPrice = tx.GasPrice,
            MaxFeePerGas = tx.MaxFeePerGas, MaxPriorityFeePerGas = tx.MaxPriorityFeePerGas, Nonce = tx.Nonce,
        };
        var outcome = await _runner.RunAsync(request, pending.Environment, pending.State, pending.State, callMode: false).ConfigureAwait(false);
        pending.Add(tx, outcome);
    }

    /// <summary>Seals the pending block now (no-op when it is empty) and returns the new head.</summary>
    public async Task<LedgerBlock> MineAsync(CancellationToken cancellationToken)
    {
        long sealedThrough;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SealPendingLocked();
            sealedThrough = _tip.Number;
        }
        finally
        {
            _gate.Release();
        }

        await FlushAsync(sealedThrough).ConfigureAwait(false);
        return _head;
    }

    private void SealPendingLocked()
    {
        var pending = _pending;
        if (pending is null || pending.Count == 0)
        {
            return;
        }

        RequireStorageHealthy();

        // Whatever happens next, this pending block is finished: it becomes the tip, durable at the next flush
        // (its transactions get no receipt before that).
        _pending = null;
        AppendSealedLocked(BlockAssembler.Assemble(pending, _tip, _sealer));
    }

    private BlockEnvironment NextEnvironment() => NextEnvironment(_tip);

    private BlockEnvironment NextEnvironment(LedgerBlock head)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();

        // Timestamps never go backwards; many blocks may share a second (automine seals thousands per second).
        return new BlockEnvironment(head.Number + 1, Math.Max(now, head.Timestamp), SealerAddress, Options.BaseFeePerGas, Options.BlockGasLimit, Options.ChainId);
    }

    private byte[] BlockHashOf(BigInteger number)
    {
        var tip = _tip;
        if (number > tip.Number || number < 0 || number < tip.Number - 255)
        {
            return new byte[32];
        }

        return UnflushedHash((long)number) ?? _store.GetBlock((long)number)?.Hash ?? new byte[32];
    }

    private void OnMiningTick()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                if (!_disposed)
                {
                    await MineAsync(CancellationToken.None).ConfigureAwait(false);
                }

                LastMiningError = null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failed seal drops only unacknowledged transactions; keep mining and expose the error.
                LastMiningError = ex;
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (_miningTimer is not null)
        {
            await _miningTimer.DisposeAsync().ConfigureAwait(false);
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Seal and commit what was accepted so a clean shutdown loses nothing.
            try
            {
                SealPendingLocked();
                await FlushAsync(_tip.Number).ConfigureAwait(false);
            }
            catch (Exception ex) when (_storageFault is not null)
            {
                // The database keeps the last good commit; nothing past it was acknowledged.
                LastMiningError = ex;
            }

            _disposed = true;
            _store.Dispose();
        }
        finally
        {
            _gate.Release();
        }

        foreach (var waiter in _receiptWaiters.Values)
        {
            waiter.TrySetCanceled();
        }

        _gate.Dispose();
        _flushGate.Dispose();
        _decodeSlots.Dispose();
        _visibility.Dispose();
    }
}
