using System.Numerics;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace EmrShare.Chain;

/// <summary>Gas limits for <see cref="ContractClient.SendAsync{TFunction}"/> without an estimate per send (see <see cref="GasLimits"/>).</summary>
public sealed partial class ContractClient
{
    /// <summary>
    /// The learned limit for this message's shape once an <c>eth_call</c> dry run of it passes; null for a shape
    /// not learned yet or a dry run that reverts: then the send runs <c>eth_estimateGas</c> as before, whose
    /// revert becomes the typed exception, and nothing is sent.
    /// </summary>
    private async Task<BigInteger?> LearnedLimitAsync<TFunction>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        if (GasLimits.Find(Address, typeof(TFunction), message.GetCallData().Length) is not { } known)
        {
            return null;
        }

        message.FromAddress ??= Web3.TransactionManager.Account?.Address;
        try
        {
            await Web3.Eth.GetContractQueryHandler<TFunction>().QueryRawAsBytesAsync(Address, message, BlockParameter.CreateLatest()).WaitAsync(cancellationToken).ConfigureAwait(false);
            return known;
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is not null)
        {
            return null;
        }
    }

    /// <summary>A shape sent without a learned limit learns it from the gas the mined transaction used.</summary>
    private void LearnFrom<TFunction>(TFunction message, TransactionReceipt receipt)
        where TFunction : FunctionMessage, new()
    {
        if (receipt.Status?.Value == 1 && receipt.GasUsed is { } used)
        {
            GasLimits.Learn(Address, typeof(TFunction), message.GetCallData().Length, used.Value);
        }
    }

    /// <summary>
    /// A mined transaction with a learned limit failed although its dry run passed: the state moved in between (a
    /// competing sender got there first) or the limit was too small. The shape is forgotten and the message sent
    /// once more the way a new shape is: the estimate throws the typed revert, or the send goes through.
    /// </summary>
    private async Task<TransactionReceipt> RetryFailedAsync<TFunction>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        GasLimits.Forget(Address, typeof(TFunction), message.GetCallData().Length);
        message.Gas = null;
        var receipt = await SubmitAndWaitAsync(message, learnGas: true, cancellationToken).ConfigureAwait(false);
        LearnFrom(message, receipt);
        return receipt;
    }
}
