using EmrShare.Core.Errors;

namespace EmrShare.Fhir.Csv;

/// <summary>The file itself is not readable CSV (or its mapping is unusable): nothing of it is imported.</summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class CsvFormatException(int line, string reason)
    : EmrFormatException(line == 0 ? $"CSV: {reason}" : $"CSV line {line}: {reason}")
{
    public int Line { get; } = line;

    public string Reason { get; } = InputRedaction.Redact(reason);

    public override string Format => "csv";
}

/// <summary>One data row that could not be converted, with the column at fault.</summary>
public sealed record CsvRowError(int Line, string Column, string Reason)
{
    /// <summary>Why, with quoted cell values redacted (they may be PHI).</summary>
    public string Reason { get; init; } = InputRedaction.Redact(Reason);

    public override string ToString() => Column.Length == 0 ? $"line {Line}: {Reason}" : $"line {Line}, column {Column}: {Reason}";
}

/// <summary>Raised by the adapter interface when any row failed; the per-row errors are all listed.</summary>
[ErrorKind(ErrorKind.Unprocessable)]
public sealed class CsvImportException(IReadOnlyList<CsvRowError> errors)
    : EmrFormatException($"CSV: {errors.Count} row(s) failed: {string.Join("; ", errors.Take(5))}")
{
    public IReadOnlyList<CsvRowError> Errors { get; } = errors;

    public override string Format => "csv";
}
