namespace EmrShare.Adversarial.Tests.Support;

/// <summary>
/// What an observer can use to tie two of a patient's chain identities together: any value (word, address,
/// transaction) that appears both among the items mentioning one and among the items mentioning the other,
/// minus values that are public for everybody (contract and hospital addresses, small numbers such as offsets,
/// lengths, versions, purposes and timestamps).
/// </summary>
internal static class Linkage
{
    public static IReadOnlySet<string> Shared(ChainObservation chain, string first, string second, IReadOnlySet<string> publicValues, Func<ChainItem, bool> admitted)
    {
        var a = ValuesAround(chain, first, publicValues, admitted);
        var b = ValuesAround(chain, second, publicValues, admitted);
        a.IntersectWith(b);
        return a;
    }

    public static string Word(string address) => address.ToLowerInvariant()[2..].PadLeft(64, '0');

    private static int NonZeroBytes(string word) => Enumerable.Range(0, word.Length / 2).Count(i => word[2 * i] != '0' || word[(2 * i) + 1] != '0');

    private static HashSet<string> ValuesAround(ChainObservation chain, string address, IReadOnlySet<string> publicValues, Func<ChainItem, bool> admitted)
    {
        var values = new HashSet<string>(StringComparer.Ordinal) { Word(address) };
        foreach (var item in chain.Mentioning(address).Where(i => !admitted(i)))
        {
            values.Add("tx " + item.TransactionHash);
            foreach (var word in item.Words.Concat(new[] { item.From, item.To }.OfType<string>().Select(Word)))
            {
                // Values below 2^64 are offsets, lengths, versions, purposes, sequence numbers and times, and words with
                // under 4 non-zero bytes carry no identity (e.g. a signature's trailing v = 0x1b/0x1c): shared by design.
                if (!word.StartsWith(new string('0', 48), StringComparison.Ordinal) && NonZeroBytes(word) >= 4 && !publicValues.Contains(word))
                {
                    values.Add(word);
                }
            }
        }

        return values;
    }
}
