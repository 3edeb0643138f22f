using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Csv;

/// <summary>The outcome of a CSV conversion: the Bundle of every good row, and the rows that failed.</summary>
public sealed record CsvConversionResult(Bundle Bundle, int RowsConverted, IReadOnlyList<CsvRowError> Errors);

/// <summary>
/// Legacy flat-file export → FHIR (Patient, Condition, Observation) driven by a per-hospital
/// <see cref="CsvMapping"/>. Each row converts completely or is reported with its line and column; a good
/// row is never dropped because another row failed (<see cref="Convert"/>), while the strict adapter entry
/// point (<see cref="ToFhir"/>) refuses the whole file when any row failed.
/// </summary>
public sealed class CsvFlatFileAdapter(CsvMapping mapping, FhirCodec? codec = null) : IEmrFormatAdapter
{
    public const string FormatName = "csv";

    private readonly FhirCodec _codec = codec ?? FhirCodec.Clinical;

    public string Format => FormatName;

    public bool CanExport => false;

    public IReadOnlyList<string> FileExtensions => [".csv"];

    public Resource ToFhir(ReadOnlyMemory<byte> input)
    {
        var result = Convert(input.Span);
        if (result.Errors.Count > 0)
        {
            throw new CsvImportException(result.Errors);
        }

        _codec.EnsureValid(result.Bundle);
        return result.Bundle;
    }

    public byte[] FromFhir(Resource resource) => throw new NotSupportedException("the CSV adapter imports only");

    public CsvConversionResult Convert(ReadOnlySpan<byte> input)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            throw new CsvFormatException(0, "file is not valid UTF-8");
        }

        var records = CsvReader.Read(text, mapping.Delimiter[0]);
        if (records.Count == 0)
        {
            throw new CsvFormatException(0, "file is empty (a header row is required)");
        }

        var header = new CsvHeader(records[0], mapping);
        var rows = new CsvRowMapper(mapping, header);
        var errors = new List<CsvRowError>();
        var patients = new Dictionary<string, Patient>(StringComparer.Ordinal);
        var clinical = new List<Resource>();
        var converted = 0;
        foreach (var record in records.Skip(1))
        {
            try
            {
                // Build everything for the row first; only a complete row touches the shared state.
                var row = rows.Map(record);
                var patient = patients.TryGetValue(row.PatientId, out var existing) ? existing : null;
                var merged = CsvRowMapper.Merge(patient, row.Patient);
                var candidate = row.Clinical;
                if (candidate is not null && _codec.Validate(candidate) is { Count: > 0 } issues)
                {
                    throw new CsvRowException(record.Line, string.Empty, string.Join("; ", issues));
                }

                patients[row.PatientId] = merged;
                if (candidate is not null)
                {
                    clinical.Add(candidate);
                }

                converted++;
            }
            catch (CsvRowException e)
            {
                errors.Add(e.Error);
            }
        }

        return new CsvConversionResult(BuildBundle(patients, clinical), converted, errors);
    }

    private Bundle BuildBundle(Dictionary<string, Patient> patients, List<Resource> clinical)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, patient) in patients)
        {
            patient.Id = StableId("patient|" + id);
            urls[id] = "urn:uuid:" + patient.Id;
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = urls[id], Resource = patient });
        }

        foreach (var resource in clinical)
        {
            var subject = resource switch
            {
                Condition c => c.Subject,
                Observation o => o.Subject,
                _ => null,
            };
            if (subject?.Reference is { } key && urls.TryGetValue(key, out var url))
            {
                subject.Reference = url;
            }

            resource.Id = StableId(resource.TypeName + "|" + resource.Id);
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource });
        }

        return bundle;
    }

    /// <summary>Name-based GUID, so re-importing the same export yields the same ids.</summary>
    private string StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(mapping.Hospital + "|" + name));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16)).ToString("D", CultureInfo.InvariantCulture);
    }
}
