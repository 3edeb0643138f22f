using System.Globalization;
using System.Text.RegularExpressions;

namespace EmrShare.Bench;

/// <summary>
/// The gas values of the docs/gas.md being replaced, so the new table shows each function's previous value and the
/// change beside the new one (a contract change that costs gas is visible in review, not only in CI numbers).
/// </summary>
public sealed partial class GasTableHistory
{
    private readonly Dictionary<string, long> _values;

    private GasTableHistory(Dictionary<string, long> values, string measured)
    {
        _values = values;
        Measured = measured;
    }

    public static GasTableHistory Empty { get; } = new([], "none");

    /// <summary>When the previous table was measured, as it says.</summary>
    public string Measured { get; }

    /// <summary>Reads the function rows (first two cells) and the "Measured …" line of a generated gas table.</summary>
    public static GasTableHistory Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in Row().Matches(markdown))
        {
            values[m.Groups["function"].Value.Trim()] = long.Parse(m.Groups["gas"].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        }

        var measured = Stamp().Match(markdown);
        return new GasTableHistory(values, measured.Success ? measured.Groups["at"].Value : "unknown");
    }

    /// <summary>The previous value and the signed change, or dashes for a function the previous table lacked.</summary>
    public (string Before, string Change) Compare(string function, long gasUsed) =>
        _values.TryGetValue(function, out var before)
            ? (before.ToString("N0", CultureInfo.InvariantCulture), (gasUsed - before).ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture))
            : ("–", "new");

    [GeneratedRegex(@"^\| (?<function>[^|]+?) \| (?<gas>[\d,]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"Measured (?<at>\d{4}-\d\d-\d\d \d\d:\d\d UTC)")]
    private static partial Regex Stamp();
}
