using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>
/// Sends transactions and queries to one deployed contract through Nethereum, checking receipt status and
/// mapping reverts (which surface at gas estimation, or as a failed receipt) to
/// <see cref="ContractRevertedException"/>.
/// </summary>
public sealed partial class ContractClient
{
    public ContractClient(IWeb3 web3, string address)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        Web3 = web3;
        Address = address;
    }

    public IWeb3 Web3 { get; }

    public string Address { get; }

    /// <summary>
    /// Sends <paramref name="message"/>, waits for the receipt and returns it; reverts become typed exceptions.
    /// Submissions from one account are serialized (dry run or estimate, nonce, sign, send; see
    /// <see cref="AccountSubmission"/>) so concurrent callers never race for a nonce — some nodes (Hardhat when
    /// automining) refuse out-of-order nonces — while waiting for receipts stays concurrent. Without a gas limit
    /// on the message, the limit is learned per shape (<see cref="GasLimits"/>); a send that fails with a learned
    /// limit forgets it and is sent once more with an estimate, whose revert is then the typed exception.
    /// </summary>
    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (message.Gas is not null)
        {
            return EnsureSucceeded(await SubmitAndWaitAsync(message, prepare: null, cancellationToken).ConfigureAwait(false));
        }

        var shape = new Shape(GasLimits.For(Web3.Client), Address, typeof(TFunction), message.GetCallData().Length);
        var usedLearned = false;
        var receipt = await SubmitAndWaitAsync(message, async () => usedLearned = await UseLearnedLimitAsync(message, shape, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (usedLearned && receipt.Status?.Value != 1)
        {
            receipt = await RetryWithEstimateAsync(message, shape, cancellationToken).ConfigureAwait(false);
        }
        else if (!usedLearned)
        {
            LearnFrom(shape, receipt);
        }

        return EnsureSucceeded(receipt);
    }

    private async Task<TransactionReceipt> SubmitAndWaitAsync<TFunction>(TFunction message, Func<Task>? prepare, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        string transactionHash;
        try
        {
            transactionHash = await AccountSubmission.SubmitAsync(
                Web3,
                prepare,
                () => Web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAsync(Address, message),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            throw reverted;
        }

        return await Web3.TransactionReceiptPolling.PollForReceiptAsync(transactionHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a view function returning a single value.</summary>
    public async Task<TOutput> QueryAsync<TFunction, TOutput>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var handler = Web3.Eth.GetContractQueryHandler<TFunction>();
            return await handler.QueryAsync<TOutput>(Address, message, BlockParameter.CreateLatest()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            throw reverted;
        }
    }

    /// <summary>Calls a view function whose outputs deserialize into a [FunctionOutput] DTO.</summary>
    public async Task<TOutput> QueryObjectAsync<TFunction, TOutput>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var handler = Web3.Eth.GetContractQueryHandler<TFunction>();
            return await handler.QueryDeserializingToObjectAsync<TOutput>(message, Address, BlockParameter.CreateLatest()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            throw reverted;
        }
    }

    public static TransactionReceipt EnsureSucceeded(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (receipt.Status?.Value != 1)
        {
            throw new TransactionFailedException(receipt.TransactionHash);
        }

        return receipt;
    }

    public static ChainReceipt ToChainReceipt(TransactionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new ChainReceipt(receipt.TransactionHash, receipt.BlockNumber.Value, receipt.GasUsed.Value);
    }
}
