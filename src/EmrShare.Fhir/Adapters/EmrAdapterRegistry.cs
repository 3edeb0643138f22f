using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Csv;
using EmrShare.Fhir.Hl7v2;

namespace EmrShare.Fhir.Adapters;

/// <summary>Adapters by format name; a hospital is configured with the name of its native format.</summary>
public sealed class EmrAdapterRegistry
{
    private readonly Dictionary<string, IEmrFormatAdapter> _adapters = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>FHIR JSON, FHIR XML, HL7 v2 and C-CDA (plus CSV when a hospital's column mapping is given).</summary>
    public static EmrAdapterRegistry CreateDefault(Hl7AdapterOptions? hl7Options = null, CsvMapping? csvMapping = null, TimeProvider? time = null)
    {
        var registry = new EmrAdapterRegistry()
            .Register(new FhirAdapter(FhirFormat.Json))
            .Register(new FhirAdapter(FhirFormat.Xml))
            .Register(new Hl7V2Adapter(hl7Options, time: time))
            .Register(new CdaAdapter());
        if (csvMapping is not null)
        {
            registry.Register(new CsvFlatFileAdapter(csvMapping));
        }

        return registry;
    }

    public IReadOnlyCollection<string> Formats => _adapters.Keys;

    public EmrAdapterRegistry Register(IEmrFormatAdapter adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        _adapters[adapter.Format] = adapter;
        return this;
    }

    public IEmrFormatAdapter Get(string format) =>
        _adapters.TryGetValue(format, out var adapter)
            ? adapter
            : throw new KeyNotFoundException($"no adapter for format '{format}' (registered: {string.Join(", ", _adapters.Keys)})");

    public bool TryGet(string format, out IEmrFormatAdapter? adapter) => _adapters.TryGetValue(format, out adapter);

    /// <summary>
    /// Re-expresses a record from one hospital's native format in another's, through canonical FHIR
    /// (e.g. <c>hl7v2</c> → <c>fhir+json</c> when hospital A ships to hospital B).
    /// </summary>
    public byte[] Translate(ReadOnlyMemory<byte> input, string fromFormat, string toFormat)
    {
        var target = Get(toFormat);
        if (!target.CanExport)
        {
            throw new NotSupportedException($"format '{toFormat}' is import-only");
        }

        return target.FromFhir(Get(fromFormat).ToFhir(input));
    }
}
