using EmrShare.Chain;

namespace EmrShare.Web.Api;

/// <summary>A mined EmrShare transaction as the API reports it (hash, block, gas).</summary>
public sealed record TransactionResult(string TransactionHash, long BlockNumber, long GasUsed)
{
    public static TransactionResult Of(ChainReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new TransactionResult(receipt.TransactionHash, (long)receipt.BlockNumber, (long)receipt.GasUsed);
    }
}
