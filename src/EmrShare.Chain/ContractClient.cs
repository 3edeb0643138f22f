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
    /// Submissions from one account are serialized (estimate, nonce, sign, send) so concurrent callers never
    /// race for a nonce — some nodes (Hardhat when automining) refuse out-of-order nonces — while waiting for
    /// receipts stays concurrent.
    /// </summary>
    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        cancellationToken.ThrowIfCancellationRequested();
        var learnGas = message.Gas is null;
        var receipt = await SubmitAndWaitAsync(message, learnGas, cancellationToken).ConfigureAwait(false);
        if (learnGas && message.Gas is null)
        {
            LearnFrom(message, receipt);
        }
        else if (learnGas && receipt.Status?.Value != 1)
        {
            receipt = await RetryFailedAsync(message, cancellationToken).ConfigureAwait(false);
        }

        return EnsureSucceeded(receipt);
    }

    private async Task<TransactionReceipt> SubmitAndWaitAsync<TFunction>(TFunction message, bool learnGas, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        var gate = SendGates.For(Web3);
        string transactionHash;
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (learnGas)
            {
                // A learned gas limit after a dry run, or (new shape, or a revert) an estimate in the send itself.
                message.Gas = await LearnedLimitAsync(message, cancellationToken).ConfigureAwait(false);
            }

            // Not cancelled mid-flight: a half-sent transaction would leave the nonce tracker out of step.
            transactionHash = await SendSignedAsync(message).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            await ResetNonceAsync().ConfigureAwait(false);
            throw reverted;
        }
        catch
        {
            await ResetNonceAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            gate.Release();
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

    /// <summary>An in-memory nonce tracker may have handed out a nonce that was never mined; re-read it from the node.</summary>
    private async Task ResetNonceAsync()
    {
        if (Web3.TransactionManager.Account?.NonceService is { } nonces)
        {
            await nonces.ResetNonceAsync().ConfigureAwait(false);
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
