using System.Text;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>Builds one segment from field values; each leaf is escaped, empty trailing fields are dropped.</summary>
internal sealed class Hl7SegmentWriter(string name, Hl7Delimiters delimiters)
{
    private readonly SortedDictionary<int, string> _fields = [];

    /// <summary>Sets field <paramref name="field"/> to already encoded text (use <see cref="Components"/> etc.).</summary>
    public Hl7SegmentWriter Set(int field, string encoded)
    {
        if (encoded.Length > 0)
        {
            _fields[field] = encoded;
        }

        return this;
    }

    public string Leaf(string? value) => value is null ? string.Empty : Hl7Escaping.Escape(value, delimiters);

    /// <summary>Components joined with the component separator, trailing empties removed.</summary>
    public string Components(params string?[] values) =>
        string.Join(delimiters.Component, values.Select(Leaf)).TrimEnd(delimiters.Component);

    public string Repeat(IEnumerable<string> encodedRepetitions) =>
        string.Join(delimiters.Repetition, encodedRepetitions.Where(r => r.Length > 0));

    public override string ToString()
    {
        var last = _fields.Count == 0 ? 0 : _fields.Keys.Max();
        var sb = new StringBuilder(name);
        for (var i = 1; i <= last; i++)
        {
            sb.Append(delimiters.Field);
            sb.Append(_fields.GetValueOrDefault(i, string.Empty));
        }

        return sb.ToString();
    }
}
