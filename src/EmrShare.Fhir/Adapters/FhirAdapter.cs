using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>Canonical FHIR R4 in JSON or XML: parse + validate in, validate + serialize out.</summary>
public sealed class FhirAdapter(FhirFormat wireFormat, FhirCodec? codec = null) : IEmrFormatAdapter
{
    public const string JsonFormat = "fhir+json";
    public const string XmlFormat = "fhir+xml";

    private readonly FhirCodec _codec = codec ?? FhirCodec.Clinical;

    public string Format => wireFormat == FhirFormat.Xml ? XmlFormat : JsonFormat;

    public bool CanExport => true;

    public IReadOnlyList<string> FileExtensions => wireFormat == FhirFormat.Xml ? [".xml"] : [".json"];

    public Resource ToFhir(ReadOnlyMemory<byte> input) => _codec.Parse(input.Span, wireFormat);

    public byte[] FromFhir(Resource resource) => _codec.SerializeToUtf8(resource, wireFormat);
}
