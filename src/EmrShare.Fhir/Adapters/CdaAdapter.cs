using EmrShare.Fhir.Cda;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>
/// C-CDA Continuity of Care Documents in (header + problems, allergies, medications, immunizations, vital signs,
/// results, procedures, encounters, plan of care); import only. What is not mapped is reported and counted.
/// </summary>
public sealed class CdaAdapter(FhirCodec? codec = null) : IEmrFormatAdapter
{
    public const string FormatName = "ccda";

    private readonly FhirCodec _codec = codec ?? FhirCodec.Clinical;

    public string Format => FormatName;

    public bool CanExport => false;

    public IReadOnlyList<string> FileExtensions => [".cda", ".ccda", ".xml"];

    public Resource ToFhir(ReadOnlyMemory<byte> input) => ToFhirWithReport(input).Resource;

    /// <summary>The Bundle and every section or entry no mapping took; their count is tagged on the Bundle (meta.tag).</summary>
    public AdapterResult ToFhirWithReport(ReadOnlyMemory<byte> input)
    {
        var conversion = CdaToFhirConverter.ConvertWithReport(input.Span);
        ImportProvenance.Tag(conversion.Bundle, conversion.NotImported);
        _codec.EnsureValid(conversion.Bundle);
        return new AdapterResult(conversion.Bundle, conversion.NotImported);
    }

    public byte[] FromFhir(Resource resource) => throw new NotSupportedException("the C-CDA adapter imports only");
}
