namespace EmrShare.Fhir.Csv;

/// <summary>Column positions by header name; every column the mapping names must exist.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);

    public CsvHeader(CsvRecord header, CsvMapping mapping)
    {
        for (var i = 0; i < header.Fields.Count; i++)
        {
            _columns.TryAdd(header.Fields[i].Trim(), i);
        }

        Width = header.Fields.Count;
        var named = new[]
        {
            mapping.RowType.Column, mapping.Patient.Identifier, mapping.Patient.Family, mapping.Patient.Given,
            mapping.Patient.BirthDate, mapping.Patient.Gender, mapping.Condition?.Code, mapping.Condition?.Display,
            mapping.Condition?.Date, mapping.Observation?.Code, mapping.Observation?.Display, mapping.Observation?.Date,
            mapping.Observation?.Value, mapping.Observation?.Unit, mapping.Observation?.ReferenceRange,
        };
        var missing = named.Where(n => n is not null && !_columns.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new CsvFormatException(header.Line, $"header lacks mapped column(s): {string.Join(", ", missing)}");
        }
    }

    public int Width { get; }

    /// <summary>The trimmed cell of <paramref name="column"/>, or empty when the mapping does not use it.</summary>
    public string Cell(CsvRecord record, string? column) =>
        column is null ? string.Empty : record.Fields[_columns[column]].Trim();
}
