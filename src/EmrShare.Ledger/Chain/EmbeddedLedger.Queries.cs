using System.Numerics;
using EmrShare.Ledger.Execution;
using EmrShare.Ledger.State;
using EmrShare.Ledger.Transactions;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.Chain;

/// <summary>State, block and transaction queries; eth_call and eth_estimateGas.</summary>
public sealed partial class EmbeddedLedger
{
    public async Task<AccountData> GetAccountAsync(string address, BlockTag tag, CancellationToken cancellationToken)
    {
        var normalized = LedgerHex.NormalizeAddress(address);
        if (tag.Kind != BlockTagKind.Pending)
        {
            RequireCurrentState(tag);
            return Visible(() => _state.GetAccount(normalized));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (_pending?.State ?? (IStateReader)_tipState).GetAccount(normalized);
        }
        finally
        {
            _gate.Release();
        }
    }

    public byte[] GetStorageAt(string address, BigInteger slot, BlockTag tag)
    {
        if (tag.Kind != BlockTagKind.Pending)
        {
            RequireCurrentState(tag);
        }

        return Visible(() => _state.GetStorage(LedgerHex.NormalizeAddress(address), slot));
    }

    /// <summary>Only the head state is kept (no archive): older block numbers are refused like a pruned geth node does.</summary>
    private void RequireCurrentState(BlockTag tag)
    {
        if (tag.Kind == BlockTagKind.Number && tag.Number != _head.Number)
        {
            throw new LedgerRpcException(tag.Number > _head.Number
                ? "header not found"
                : $"missing trie node: state of block {tag.Number} is not kept (only the latest state is available)");
        }
    }

    public LedgerBlock? GetBlock(BlockTag tag) => tag.Kind switch
    {
        BlockTagKind.Number => Visible(() => tag.Number == _head.Number ? _head : _store.GetBlock(tag.Number)),
        _ => _head,
    };

    public LedgerBlock? GetBlock(byte[] hash) => Visible(() => _store.GetBlock(hash));

    public LedgerTransaction? GetTransaction(byte[] hash) => Visible(() => _store.GetTransaction(hash));

    public LedgerReceipt? GetReceipt(byte[] hash) => Visible(() => _store.GetReceipt(hash));

    public IReadOnlyList<LedgerTransaction> GetTransactions(long blockNumber) => Visible(() => _store.GetTransactions(blockNumber));

    public IReadOnlyList<LedgerReceipt> GetReceipts(long blockNumber) => Visible(() => _store.GetReceipts(blockNumber));

    public IReadOnlyList<long> BlocksWithLogs(long from, long to, IReadOnlyCollection<string> addresses) =>
        Visible(() => _store.BlocksWithLogs(from, to, addresses));

    private T Visible<T>(Func<T> read)
    {
        _visibility.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _visibility.ExitReadLock();
        }
    }

    /// <summary>eth_call: runs on the head state (or pending), never changes anything; a revert throws code 3 with the revert data.</summary>
    public async Task<byte[]> CallAsync(ExecutionRequest request, BlockTag tag, CancellationToken cancellationToken, StateOverrides? overrides = null)
    {
        var outcome = await RunCallAsync(request, tag, overrides, cancellationToken).ConfigureAwait(false);
        if (!outcome.Success)
        {
            throw RevertError(outcome);
        }

        return outcome.ReturnData;
    }

    /// <summary>
    /// eth_estimateGas: the smallest gas limit at which the call succeeds, found as geth does (a plain transfer
    /// to an account without code is 21,000 at once; otherwise the gas used, then a binary search) but searched
    /// to the exact minimum, as Hardhat and Anvil answer.
    /// </summary>
    public async Task<BigInteger> EstimateGasAsync(ExecutionRequest request, BlockTag tag, CancellationToken cancellationToken, StateOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var cap = request.GasLimit > 0 && request.GasLimit < Options.BlockGasLimit ? request.GasLimit : Options.BlockGasLimit;
        var full = await RunCallAsync(request with { GasLimit = cap }, tag, overrides, cancellationToken).ConfigureAwait(false);
        if (!full.Success)
        {
            if (full.ReturnData.Length > 0 || full.GasUsed < cap)
            {
                throw RevertError(full);
            }

            throw new LedgerRpcException($"gas required exceeds allowance ({cap})");
        }

        // Refunds and the 63/64 rule mean gasUsed itself may be too little; it is the lower bound of the search.
        var low = full.GasUsed - 1;
        var high = cap;
        foreach (var guess in new[] { full.GasUsed, BigInteger.Min(cap, (full.GasUsed + 2300) * 64 / 63) })
        {
            if (guess < high && (await RunCallAsync(request with { GasLimit = guess }, tag, overrides, cancellationToken).ConfigureAwait(false)).Success)
            {
                high = guess;
                break;
            }
        }

        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            var outcome = await RunCallAsync(request with { GasLimit = middle }, tag, overrides, cancellationToken).ConfigureAwait(false);
            if (outcome.Success)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return high;
    }

    private async Task<ExecutionOutcome> RunCallAsync(ExecutionRequest request, BlockTag tag, StateOverrides? overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (tag.Kind != BlockTagKind.Pending)
        {
            RequireCurrentState(tag);
        }

        var pending = tag.Kind == BlockTagKind.Pending;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The latest state is the durable one: no commit may merge into it while the call runs.
            await (pending ? Task.CompletedTask : _flushGate.WaitAsync(cancellationToken)).ConfigureAwait(false);
            try
            {
                IStateReader state = pending ? _pending?.State ?? (IStateReader)_tipState : _state;
                state = (overrides ?? StateOverrides.None).Over(state);
                var environment = _pending?.Environment ?? NextEnvironment(pending ? _tip : _head);
                return await _runner.RunAsync(request, environment, state, target: null, callMode: true).ConfigureAwait(false);
            }
            finally
            {
                if (!pending)
                {
                    _flushGate.Release();
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static LedgerRpcException RevertError(ExecutionOutcome outcome)
    {
        if (outcome.ReturnData.Length == 0 && outcome.Error is not null && !outcome.Error.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            // Not a REVERT (out of gas, invalid opcode…): geth reports the VM error as a plain server error.
            return new LedgerRpcException(outcome.Error);
        }

        var reason = RevertReason.TryDecodeErrorString(outcome.ReturnData);
        var message = reason is null ? "execution reverted" : "execution reverted: " + reason;
        return new LedgerRpcException(RpcErrorCodes.ExecutionReverted, message, LedgerHex.Data(outcome.ReturnData));
    }

    /// <summary>Waits until the transaction's block is committed and returns its receipt.</summary>
    public async Task<LedgerReceipt> WaitForReceiptAsync(byte[] transactionHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactionHash);
        var key = transactionHash.ToHex();
        var waiter = _receiptWaiters.GetOrAdd(key, _ => new TaskCompletionSource<LedgerReceipt>(TaskCreationOptions.RunContinuationsAsynchronously));
        var existing = GetReceipt(transactionHash);
        if (existing is not null)
        {
            _receiptWaiters.TryRemove(key, out _);
            return existing;
        }

        return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
