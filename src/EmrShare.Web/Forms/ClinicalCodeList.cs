namespace EmrShare.Web.Forms;

/// <summary>One pickable diagnosis code.</summary>
public sealed record ClinicalCodeEntry(string System, string Code, string Display)
{
    /// <summary>The value a form posts for it: "system|code".</summary>
    public string Key => KeyOf(System, Code);

    /// <summary>The key a form posts for a code (system|code).</summary>
    public static string KeyOf(string? system, string? code) => $"{system}|{code}";

    public string SystemLabel => System switch
    {
        ClinicalCodeList.Icd10 => "ICD-10",
        ClinicalCodeList.Snomed => "SNOMED CT",
        _ => System,
    };
}

/// <summary>
/// The bundled starter list of common diagnosis codes (Assets/clinical-codes.tsv, embedded): ICD-10 categories and
/// SNOMED CT clinical findings that general and emergency practice records most. Where it comes from is stated at the
/// top of that file. It is a starter list to pick from, not a terminology server: anything else comes in through
/// the FHIR, HL7 or C-CDA upload with its own codes.
/// </summary>
public sealed class ClinicalCodeList
{
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string Snomed = "http://snomed.info/sct";

    private static readonly Lazy<ClinicalCodeList> Bundled = new(() => Parse(Read("EmrShare.Web.Assets.clinical-codes.tsv")));

    private readonly Dictionary<string, ClinicalCodeEntry> _byKey;

    private ClinicalCodeList(IReadOnlyList<ClinicalCodeEntry> entries)
    {
        Entries = entries;
        _byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
    }

    public static ClinicalCodeList Default => Bundled.Value;

    public IReadOnlyList<ClinicalCodeEntry> Entries { get; }

    public ClinicalCodeEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>Entries whose display or code contains every word of <paramref name="query"/> (case-insensitive), best first.</summary>
    public IReadOnlyList<ClinicalCodeEntry> Search(string? query, int max = 50)
    {
        var words = (query ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return [];
        }

        return [.. Entries
            .Where(e => words.All(w => e.Display.Contains(w, StringComparison.OrdinalIgnoreCase) || e.Code.StartsWith(w, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(e => e.Display.StartsWith(words[0], StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(e => e.Display.Length)
            .Take(max)];
    }

    internal static ClinicalCodeList Parse(string tsv)
    {
        var entries = new List<ClinicalCodeEntry>();
        foreach (var line in tsv.Split('\n'))
        {
            var row = line.TrimEnd('\r');
            if (row.Length == 0 || row.StartsWith('#'))
            {
                continue;
            }

            var cells = row.Split('\t');
            if (cells.Length != 3)
            {
                throw new FormatException($"clinical-codes.tsv: expected system<TAB>code<TAB>display, got \"{row}\"");
            }

            var system = cells[0] switch
            {
                "icd10" => Icd10,
                "snomed" => Snomed,
                _ => throw new FormatException($"clinical-codes.tsv: unknown system \"{cells[0]}\""),
            };
            entries.Add(new ClinicalCodeEntry(system, cells[1], cells[2]));
        }

        return new ClinicalCodeList(entries);
    }

    private static string Read(string name)
    {
        using var stream = typeof(ClinicalCodeList).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
