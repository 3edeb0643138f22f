using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>
/// HL7 v2.5 in (ADT^A01/A04/A08, ORU^R01, MDM^T02, RSP^K11) and ORU^R01 out. The Bundle a message maps to is validated
/// like any FHIR input before it is returned, so a mapping gap shows up as a typed error, not as a bad record.
/// </summary>
public sealed class Hl7V2Adapter(Hl7AdapterOptions? options = null, FhirCodec? codec = null, TimeProvider? time = null) : IEmrFormatAdapter
{
    public const string FormatName = "hl7v2";

    private readonly Hl7ToFhirConverter _converter = new(options);
    private readonly FhirToOruWriter _writer = new(options, time);
    private readonly FhirCodec _codec = codec ?? FhirCodec.Clinical;

    public string Format => FormatName;

    public bool CanExport => true;

    public IReadOnlyList<string> FileExtensions => [".hl7", ".txt", ".er7"];

    public Resource ToFhir(ReadOnlyMemory<byte> input) => ToFhirWithReport(input).Resource;

    /// <summary>The Bundle and every segment no mapping took; their count is tagged on the Bundle (meta.tag).</summary>
    public AdapterResult ToFhirWithReport(ReadOnlyMemory<byte> input)
    {
        var conversion = _converter.ConvertWithReport(Hl7Parser.Parse(input.Span));
        ImportProvenance.Tag(conversion.Bundle, conversion.NotImported);
        _codec.EnsureValid(conversion.Bundle);
        return new AdapterResult(conversion.Bundle, conversion.NotImported);
    }

    /// <summary>Writes an ORU^R01 (UTF-8) for a Bundle with a Patient and Observations.</summary>
    public byte[] FromFhir(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not Bundle bundle)
        {
            throw new Hl7MappingException($"an ORU^R01 message is written from a Bundle, not a {resource.TypeName}");
        }

        _codec.EnsureValid(bundle);
        return _writer.WriteUtf8(bundle);
    }
}
