namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// One segment. Fields are numbered as in the standard: <c>Field(3)</c> of PID is PID-3. For MSH, MSH-1 is the
/// field separator itself and MSH-2 the encoding characters, so MSH-n is stored at position n - 1 of the text.
/// </summary>
public sealed class Hl7Segment(string name, int index, IReadOnlyList<Hl7Field> fields)
{
    public string Name { get; } = name;

    /// <summary>1-based position in the message (for error messages).</summary>
    public int Index { get; } = index;

    /// <summary>Fields 1..n (element 0 is field 1).</summary>
    public IReadOnlyList<Hl7Field> Fields { get; } = fields;

    public Hl7Field this[int field] => Field(field);

    public Hl7Field Field(int field) => field >= 1 && field <= Fields.Count ? Fields[field - 1] : Hl7Field.Empty;

    /// <summary>Field <paramref name="field"/>, or a typed error naming it when it is empty.</summary>
    public Hl7Field Required(int field, string what)
    {
        var value = Field(field);
        return value.IsEmpty
            ? throw new Hl7ParseException(Index, $"{Name}-{field}", $"required {what} is missing")
            : value;
    }
}
