using System.Numerics;
using Nethereum.RPC.Fee1559Suggestions;

namespace EmrShare.Chain;

/// <summary>
/// Reuses an EIP-1559 fee suggestion for a short time instead of asking the node for every send: Nethereum's
/// default strategy reads the latest block (and the node builds it) each time, about a tenth of a share's CPU. A
/// suggestion already carries headroom over the base fee (its max fee is a multiple of it), so one second of reuse
/// cannot fall under a base fee that rises at most 12.5 % per block.
/// </summary>
internal sealed class CachedFeeSuggestion(IFee1559SuggestionStrategy inner, TimeProvider time, TimeSpan lifetime) : IFee1559SuggestionStrategy
{
    /// <summary>How long one suggestion is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    // One reference, swapped whole, so a reader never sees a fee from one suggestion with the time of another.
    private Suggestion? _last;

    public async Task<Fee1559> SuggestFeeAsync(BigInteger? maxPriorityFeePerGas = null)
    {
        if (maxPriorityFeePerGas is not null)
        {
            return await inner.SuggestFeeAsync(maxPriorityFeePerGas).ConfigureAwait(false);
        }

        if (Volatile.Read(ref _last) is { } last && time.GetElapsedTime(last.At) < lifetime)
        {
            return last.Fee;
        }

        var fee = await inner.SuggestFeeAsync().ConfigureAwait(false);
        Volatile.Write(ref _last, new Suggestion(fee, time.GetTimestamp()));
        return fee;
    }

    private sealed record Suggestion(Fee1559 Fee, long At);
}
