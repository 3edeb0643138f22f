using System.Numerics;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>
/// Plain ether transfers (the Center funding a patient's index account, a hospital topping up a practitioner),
/// sent through the same per-account gate and nonce count as contract calls (<see cref="AccountSubmission"/>), so
/// a top-up never races the hospital's fulfilment batch for a nonce.
/// </summary>
public static class EtherTransfers
{
    public static async Task<ChainReceipt> SendAsync(IWeb3 from, string to, decimal ether, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        cancellationToken.ThrowIfCancellationRequested();
        var service = from.Eth.GetEtherTransferService();
        var hash = await AccountSubmission.SubmitAsync(from, prepare: null, () => service.TransferEtherAsync(to, ether), cancellationToken).ConfigureAwait(false);
        var receipt = await from.TransactionReceiptPolling.PollForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
        if (receipt.Status?.Value != BigInteger.One)
        {
            throw new TransactionFailedException(receipt.TransactionHash);
        }

        return ContractClient.ToChainReceipt(receipt);
    }
}
