using System.Text.Json;
using System.Text.Json.Serialization;

namespace EmrShare.Fhir.Csv;

/// <summary>
/// A hospital's column mapping for its legacy flat-file export (JSON, format in docs/adapters.md).
/// Column values name header cells. Every row carries the patient identifier; the row-type column says
/// whether the row is a patient, a diagnosis or a lab result.
/// </summary>
public sealed record CsvMapping
{
    public string Hospital { get; init; } = string.Empty;

    public string Delimiter { get; init; } = ",";

    /// <summary>.NET exact date formats tried in order; formats with hours give a dateTime.</summary>
    public IReadOnlyList<string> DateFormats { get; init; } = ["yyyy-MM-dd"];

    /// <summary>Offset of local times in the export, e.g. <c>+01:00</c>.</summary>
    public string UtcOffset { get; init; } = "+00:00";

    public required CsvRowTypeMapping RowType { get; init; }

    public required CsvPatientMapping Patient { get; init; }

    public CsvCodedMapping? Condition { get; init; }

    public CsvCodedMapping? Observation { get; init; }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <exception cref="CsvFormatException">When the mapping file is not valid.</exception>
    public static CsvMapping FromJson(string json)
    {
        try
        {
            var mapping = JsonSerializer.Deserialize<CsvMapping>(json, JsonOptions)
                ?? throw new CsvFormatException(0, "mapping file is empty");
            if (mapping.Delimiter.Length != 1)
            {
                throw new CsvFormatException(0, "mapping: delimiter must be exactly one character");
            }

            return mapping;
        }
        catch (JsonException e)
        {
            throw new CsvFormatException(0, "mapping file is not valid: " + e.Message);
        }
    }
}

public sealed record CsvRowTypeMapping
{
    public required string Column { get; init; }

    public string Patient { get; init; } = "PT";

    public string Condition { get; init; } = "DX";

    public string Observation { get; init; } = "LAB";
}

public sealed record CsvPatientMapping
{
    public required string IdentifierSystem { get; init; }

    public required string Identifier { get; init; }

    public string? Family { get; init; }

    public string? Given { get; init; }

    public string? BirthDate { get; init; }

    public string? Gender { get; init; }

    /// <summary>Local sex codes → FHIR administrative gender (male, female, other, unknown).</summary>
    public IReadOnlyDictionary<string, string> GenderCodes { get; init; } = new Dictionary<string, string>();
}

/// <summary>A coded row: its code column and the code system all its codes belong to.</summary>
public sealed record CsvCodedMapping
{
    public required string Code { get; init; }

    public required string System { get; init; }

    public string? Display { get; init; }

    /// <summary>Onset (conditions) or effective time (observations).</summary>
    public string? Date { get; init; }

    public string? Value { get; init; }

    public string? Unit { get; init; }

    public string UnitSystem { get; init; } = "http://unitsofmeasure.org";

    public string? ReferenceRange { get; init; }
}
