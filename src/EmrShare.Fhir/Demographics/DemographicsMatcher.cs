using System.Text;

namespace EmrShare.Fhir.Demographics;

/// <summary>
/// Compares a record's patient with the chart's. Deliberately strict, because a false match files one person's
/// results into another's chart: a one-letter typo in the family or first given name, a birth date with day and
/// month swapped, another sex, or another identifier value under the same system is a mismatch. Only absent data
/// is not a mismatch (an ORU without a birth date still matches). Names compare case-, accent- and
/// punctuation-insensitively ("Núñez-Rivera" = "NUNEZ RIVERA"). The result names fields, never values (PHI).
/// </summary>
public static class DemographicsMatcher
{
    public static IReadOnlyList<string> Mismatches(PatientDemographics chart, PatientDemographics incoming)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(incoming);
        var fields = new List<string>();
        if (Disjoint(chart.FamilyNames, incoming.FamilyNames))
        {
            fields.Add("family name");
        }

        if (Disjoint(chart.GivenNames, incoming.GivenNames))
        {
            fields.Add("given name");
        }

        if (chart.BirthDate is { } born && incoming.BirthDate is { } incomingBorn && !SameDate(born, incomingBorn))
        {
            fields.Add("birth date");
        }

        if (Known(chart.Gender) is { } sex && Known(incoming.Gender) is { } incomingSex && sex != incomingSex)
        {
            fields.Add("sex");
        }

        var chartIds = chart.Identifiers.Where(i => i.System.Length > 0).ToLookup(i => i.System, i => i.Value, StringComparer.Ordinal);
        if (incoming.Identifiers.Any(i => i.System.Length > 0 && chartIds.Contains(i.System) && !chartIds[i.System].Contains(i.Value, StringComparer.Ordinal)))
        {
            fields.Add("identifier");
        }

        return fields;
    }

    /// <summary>Both sides name someone and no name of one side equals a name of the other.</summary>
    private static bool Disjoint(IReadOnlyList<string> chart, IReadOnlyList<string> incoming) =>
        chart.Count > 0 && incoming.Count > 0 && !chart.Select(Normalize).Intersect(incoming.Select(Normalize), StringComparer.Ordinal).Any();

    /// <summary>A coarser date (1962) matches a finer one it contains (1962-03-20); anything else must be equal.</summary>
    private static bool SameDate(string a, string b) =>
        a.Length <= b.Length ? b.StartsWith(a, StringComparison.Ordinal) : a.StartsWith(b, StringComparison.Ordinal);

    private static string? Known(string? gender) => gender is "male" or "female" or "other" ? gender : null;

    // The build runs with invariant globalization, where string.Normalize does not decompose accents, so Latin-1
    // letters are folded by table: "Núñez" and "NUNEZ" are the same name as written by two systems.
    private const string Accented = "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ";
    private const string Folded = "AAAAAACEEEEIIIINOOOOOOUUUUY";

    private static string Normalize(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.ToUpperInvariant())
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            var at = Accented.IndexOf(c, StringComparison.Ordinal);
            kept.Append(at >= 0 ? Folded[at] : c);
        }

        return kept.ToString();
    }
}
