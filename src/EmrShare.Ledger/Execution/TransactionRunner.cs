using System.Numerics;
using EmrShare.Ledger.State;
using Nethereum.EVM;
using Nethereum.EVM.BlockchainState;
using Nethereum.Hex.HexConvertors.Extensions;

namespace EmrShare.Ledger.Execution;

/// <summary>
/// Runs one request on Nethereum's Prague executor. A fresh <see cref="ExecutionStateService"/> per request
/// (with sender and target preloaded) is what gives gas figures identical to Hardhat's.
/// </summary>
public sealed class TransactionRunner
{
    private readonly TransactionExecutor _executor = new(HardforkConfig.Prague);
    private readonly Func<BigInteger, byte[]> _blockHash;

    public TransactionRunner(Func<BigInteger, byte[]> blockHash)
    {
        _blockHash = blockHash;
    }

    /// <summary>Executes; in transaction mode the changes are applied to <paramref name="target"/> (when given).</summary>
    public async Task<ExecutionOutcome> RunAsync(ExecutionRequest request, BlockEnvironment block, IStateReader state, PendingState? target, bool callMode)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(block);
        var execution = new ExecutionStateService(new StateNodeDataService(state, _blockHash));
        await execution.LoadBalanceNonceAndCodeFromStorageAsync(request.From).ConfigureAwait(false);
        if (request.To is not null)
        {
            await execution.LoadBalanceNonceAndCodeFromStorageAsync(request.To).ConfigureAwait(false);
        }

        var isEip1559 = request.MaxFeePerGas.HasValue;
        var context = new TransactionExecutionContext
        {
            Mode = callMode ? ExecutionMode.Call : ExecutionMode.Transaction,
            Sender = request.From,
            To = request.To,
            Data = request.Input,
            GasLimit = request.GasLimit,
            Value = request.Value,
            GasPrice = request.GasPrice,
            MaxFeePerGas = request.MaxFeePerGas ?? request.GasPrice,
            MaxPriorityFeePerGas = request.MaxPriorityFeePerGas ?? BigInteger.Zero,
            Nonce = request.Nonce,
            IsEip1559 = isEip1559,
            IsContractCreation = request.To is null,
            BlockNumber = block.Number,
            Timestamp = block.Timestamp,
            Coinbase = block.Coinbase,
            BaseFee = block.BaseFee,
            BlockGasLimit = block.GasLimit,
            ChainId = block.ChainId,
            ExecutionState = execution,
        };

        var result = await _executor.ExecuteAsync(context).ConfigureAwait(false);
        if (result.IsValidationError)
        {
            throw new LedgerRpcException(MapValidationError(result.Error));
        }

        var gasUsed = result.GasUsed;
        if (!result.Success && result.EffectiveGasUsed.IsZero)
        {
            // The executor threw inside the EVM (it then skips its refund step): the sender has paid the whole
            // gas limit, so the receipt must say so too.
            gasUsed = request.GasLimit;
        }

        if (!callMode && target is not null)
        {
            target.Apply(execution);
        }

        return new ExecutionOutcome
        {
            Success = result.Success,
            GasUsed = gasUsed,
            EffectiveGasPrice = context.EffectiveGasPrice,
            ReturnData = result.ReturnData ?? [],
            ContractAddress = result.Success && result.ContractAddress is not null ? LedgerHex.NormalizeAddress(result.ContractAddress) : null,
            Logs = result.Success && result.Logs is not null ? result.Logs.Select(ToLog).ToList() : [],
            Error = result.Error,
        };
    }

    private static (string, IReadOnlyList<byte[]>, byte[]) ToLog(Nethereum.RPC.Eth.DTOs.FilterLog log)
    {
        var topics = (log.Topics ?? [])
            .Select(t => LedgerHex.Word(t switch
            {
                byte[] b => b,
                string s => s.HexToByteArray(),
                _ => [],
            }))
            .ToList();
        var data = string.IsNullOrEmpty(log.Data) ? [] : log.Data.HexToByteArray();
        return (LedgerHex.NormalizeAddress(log.Address), topics, data);
    }

    private static string MapValidationError(string? error) => error switch
    {
        null => "invalid transaction",
        _ when error.StartsWith("Intrinsic gas too low", StringComparison.Ordinal) => "intrinsic gas too low",
        _ when error.StartsWith("Insufficient balance", StringComparison.Ordinal) => "insufficient funds for gas * price + value",
        "GAS_ALLOWANCE_EXCEEDED" => "exceeds block gas limit",
        "INSUFFICIENT_MAX_FEE_PER_GAS" => "max fee per gas less than block base fee",
        "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS" => "max priority fee per gas higher than max fee per gas",
        "INITCODE_SIZE_EXCEEDED" => "max initcode size exceeded",
        "SENDER_NOT_EOA" => "sender not an eoa",
        _ => "invalid transaction: " + error,
    };
}
