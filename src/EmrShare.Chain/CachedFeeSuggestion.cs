using System.Numerics;
using Nethereum.RPC.Fee1559Suggestions;

namespace EmrShare.Chain;

/// <summary>
/// Reuses an EIP-1559 fee suggestion for a short time instead of asking the node for every send: Nethereum's
/// default strategy reads <c>eth_feeHistory</c> (and the node reads its recent blocks) each time, about a tenth of
/// a share's CPU. A suggestion already carries headroom over the base fee (its max fee is a multiple of it), so
/// one second of reuse cannot fall under a base fee that rises at most 12.5 % per block.
/// </summary>
internal sealed class CachedFeeSuggestion(IFee1559SuggestionStrategy inner, TimeProvider time, TimeSpan lifetime) : IFee1559SuggestionStrategy
{
    private (Fee1559 Fee, long At)? _last;

    public async Task<Fee1559> SuggestFeeAsync(BigInteger? maxPriorityFeePerGas = null)
    {
        if (maxPriorityFeePerGas is not null)
        {
            return await inner.SuggestFeeAsync(maxPriorityFeePerGas).ConfigureAwait(false);
        }

        if (_last is { } last && time.GetElapsedTime(last.At) < lifetime)
        {
            return last.Fee;
        }

        var fee = await inner.SuggestFeeAsync().ConfigureAwait(false);
        _last = (fee, time.GetTimestamp());
        return fee;
    }
}
