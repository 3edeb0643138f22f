using System.Numerics;
using EmrShare.Ledger.Transactions;

namespace EmrShare.Ledger.Chain;

/// <summary>Pool admission rules beyond validity: who may send (account permissioning) and the minimum gas price.</summary>
public sealed partial class EmbeddedLedger
{
    /// <summary>Besu's code for a sender refused by account permissioning.</summary>
    public const int SenderNotAuthorizedCode = -32007;

    // Runs before the gate is taken: the permission may read the chain (eth_call), which takes the gate itself.
    private async Task RequirePermittedAsync(LedgerTransaction tx, CancellationToken cancellationToken)
    {
        if (!await IsPermittedAsync(tx, cancellationToken).ConfigureAwait(false))
        {
            throw NotAuthorized();
        }
    }

    private async ValueTask<bool> IsPermittedAsync(LedgerTransaction tx, CancellationToken cancellationToken) =>
        Options.SenderPermission is not { } permission
        || string.Equals(tx.From, SealerAddress, StringComparison.Ordinal)
        || await permission.MaySendAsync(this, tx.From, cancellationToken).ConfigureAwait(false);

    private static LedgerRpcException NotAuthorized() =>
        new(SenderNotAuthorizedCode, "sender account not authorized to send transactions");

    private void RequireMinimumPrice(LedgerTransaction tx)
    {
        // The price the sender would pay per gas in the next block: legacy gasPrice, or min(maxFee, baseFee + tip).
        var baseFee = Options.BaseFeePerGas;
        var effective = tx.MaxFeePerGas is { } maxFee
            ? BigInteger.Min(maxFee, baseFee + (tx.MaxPriorityFeePerGas ?? BigInteger.Zero))
            : tx.GasPrice;
        if (effective < Options.MinGasPrice)
        {
            throw new LedgerRpcException($"transaction underpriced: gas price {effective} below the minimum {Options.MinGasPrice}");
        }
    }
}
