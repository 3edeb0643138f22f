using EmrShare.Core;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Hl7v2;
using EmrShare.Nodes.Hospital;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Services;

/// <summary>
/// Native-format import for one chart (REST route and dashboard): HL7 v2 (single messages, MLLP frames, FHS/BHS
/// batches → one record per message), C-CDA, CSV (with the hospital's mapping) and FHIR. Every message is
/// converted and validated before any is stored; what a converter did not map comes back as "not imported".
/// </summary>
public sealed class HospitalImporter(HospitalActor actor)
{
    private readonly EmrAdapterRegistry _adapters = EmrAdapterRegistry.CreateDefault(csvMapping: actor.CsvMapping);

    public IReadOnlyCollection<string> Formats => _adapters.Formats;

    public async Task<ImportResult> ImportAsync(string localPatientId, string? format, byte[] content, ChainAddress practitioner,
        DemographicsOverride? demographicsOverride, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(format) || !_adapters.TryGet(format, out var adapter) || adapter is null)
        {
            throw new RequestValidationException("format", "one of " + string.Join(", ", _adapters.Formats)
                + (actor.CsvMapping is null ? " (csv needs this hospital's column mapping, none is configured)" : string.Empty));
        }

        // A batch file or MLLP capture holds many messages: one record each. Convert them all before storing any.
        IReadOnlyList<ReadOnlyMemory<byte>> messages = adapter.Format == Hl7V2Adapter.FormatName ? Hl7BatchSplitter.Split(content) : [content];
        if (messages.Count == 0)
        {
            throw new Hl7ParseException(0, "MSH", "no HL7 v2 message in the body");
        }

        var converted = messages.Select(adapter.ToFhirWithReport).ToList();
        var written = new List<RecordWritten>();
        var notImported = new List<string>();
        foreach (var (result, i) in converted.Select((r, i) => (r, i)))
        {
            var json = FhirCodec.Clinical.SerializeToUtf8(result.Resource, FhirFormat.Json);
            var created = await actor.Hospital.CreateRecordAsync(localPatientId, json, FhirFormats.JsonContentType, practitioner, demographicsOverride, cancellationToken).ConfigureAwait(false);
            written.Add(RecordWritten.Of(created));
            notImported.AddRange(result.NotImported.Select(n => converted.Count == 1 ? n : $"message {i + 1}: {n}"));
        }

        return ImportResult.Of(written, notImported);
    }
}
