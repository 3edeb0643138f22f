using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Chain;

/// <summary>Gas limits for <see cref="ContractClient.SendAsync{TFunction}"/> without an estimate per send (see <see cref="GasLimits"/>).</summary>
public sealed partial class ContractClient
{
    /// <summary>
    /// Sets the learned limit for this message's shape once an <c>eth_call</c> dry run of it passes, and says
    /// so. A shape not learned yet, or a dry run that reverts, leaves the message without a limit: then the send
    /// runs <c>eth_estimateGas</c> as before, whose revert becomes the typed exception, and nothing is sent.
    /// </summary>
    private async Task<bool> UseLearnedLimitAsync<TFunction>(TFunction message, Shape shape, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        message.Gas = null;
        if (shape.Limits.Find(shape.Contract, shape.Function, shape.CalldataLength) is not { } known)
        {
            return false;
        }

        message.FromAddress ??= Web3.TransactionManager.Account?.Address;
        try
        {
            await Web3.Eth.GetContractQueryHandler<TFunction>().QueryRawAsBytesAsync(Address, message, BlockParameter.CreateLatest()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is not null)
        {
            return false;
        }

        message.Gas = known;
        return true;
    }

    /// <summary>A shape sent without a learned limit learns it from the gas the mined transaction used.</summary>
    private static void LearnFrom(Shape shape, TransactionReceipt receipt)
    {
        if (receipt.Status?.Value == 1 && receipt.GasUsed is { } used)
        {
            shape.Limits.Learn(shape.Contract, shape.Function, shape.CalldataLength, used.Value);
        }
    }

    /// <summary>
    /// A mined transaction with a learned limit failed although its dry run passed: the limit was too small (the
    /// same shape costs more in today's state) or the state moved in between (a competing sender got there first).
    /// The shape is forgotten and the message sent once more with an estimate: the estimate throws the typed
    /// revert, or the send goes through and the shape is learned again. Never more than once.
    /// </summary>
    private async Task<TransactionReceipt> RetryWithEstimateAsync<TFunction>(TFunction message, Shape shape, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        shape.Limits.Forget(shape.Contract, shape.Function, shape.CalldataLength);
        message.Gas = null;
        var receipt = await SubmitAndWaitAsync(message, prepare: null, cancellationToken).ConfigureAwait(false);
        LearnFrom(shape, receipt);
        return receipt;
    }

    /// <summary>Where a message's learned limit lives: its chain's table, the contract, the function and the calldata length.</summary>
    private readonly record struct Shape(GasLimits Limits, string Contract, Type Function, int CalldataLength);
}
