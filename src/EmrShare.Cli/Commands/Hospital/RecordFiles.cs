using EmrShare.Cli.Commands.Shared;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// Reads a record file in the hospital's native format. FHIR JSON/XML is stored as given (so a reader gets the
/// exact bytes back); HL7 v2 and C-CDA go through the adapter registry and are stored as validated FHIR JSON, and
/// each part of the source no mapping took is printed as a "not imported" line.
/// </summary>
internal static class RecordFiles
{
    public static async Task<(byte[] Content, string ContentType)> ReadAsync(string path, string? format, string? csvMappingPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"record file not found: {path}");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var name = format ?? FormatOf(path);
        switch (name)
        {
            case FhirAdapter.JsonFormat:
                return (bytes, FhirFormats.JsonContentType);
            case FhirAdapter.XmlFormat:
                return (bytes, FhirFormats.XmlContentType);
        }

        Fhir.Csv.CsvMapping? csvMapping = null;
        if (name == "csv")
        {
            if (csvMappingPath is null || !File.Exists(csvMappingPath))
            {
                throw new CliUsageException("--format csv needs this hospital's column mapping: --csv-mapping <FILE> (see samples/csv/legacy-general.mapping.json)");
            }

            csvMapping = Fhir.Csv.CsvMapping.FromJson(await File.ReadAllTextAsync(csvMappingPath, cancellationToken).ConfigureAwait(false));
        }

        var adapters = EmrAdapterRegistry.CreateDefault(csvMapping: csvMapping);
        if (!adapters.TryGet(name, out var adapter) || adapter is null)
        {
            throw new CliUsageException($"unknown record format '{name}' (known: {string.Join(", ", adapters.Formats)})");
        }

        // What the converter did not map is named here, as the import route does; the stored record counts it too.
        var converted = adapter.ToFhirWithReport(bytes);
        foreach (var part in converted.NotImported)
        {
            Output.Field("not imported", part);
        }

        return (adapters.Get(FhirAdapter.JsonFormat).FromFhir(converted.Resource), FhirFormats.JsonContentType);
    }

    private static string FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => FhirAdapter.JsonFormat,
        ".xml" => FhirAdapter.XmlFormat,
        ".hl7" => Hl7V2Adapter.FormatName,
        ".cda" or ".ccda" => CdaAdapter.FormatName,
        ".csv" => "csv",
        _ => throw new CliUsageException($"cannot tell the format of {Path.GetFileName(path)}; pass --format (fhir+json, fhir+xml, hl7v2, ccda, csv)"),
    };
}
