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
public sealed class ContractClient
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

    /// <summary>Sends <paramref name="message"/>, waits for the receipt and returns it; reverts become typed exceptions.</summary>
    public async Task<TransactionReceipt> SendAsync<TFunction>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        TransactionReceipt receipt;
        try
        {
            var handler = Web3.Eth.GetContractTransactionHandler<TFunction>();
            receipt = await handler.SendRequestAndWaitForReceiptAsync(Address, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            throw reverted;
        }

        return EnsureSucceeded(receipt);
    }

    /// <summary>Calls a view function returning a single value.</summary>
    public async Task<TOutput> QueryAsync<TFunction, TOutput>(TFunction message, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
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
