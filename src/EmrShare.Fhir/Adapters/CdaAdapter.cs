using EmrShare.Fhir.Cda;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>C-CDA Continuity of Care Documents in (header + problems + results); import only.</summary>
public sealed class CdaAdapter(FhirCodec? codec = null) : IEmrFormatAdapter
{
    public const string FormatName = "ccda";

    private readonly FhirCodec _codec = codec ?? FhirCodec.Clinical;

    public string Format => FormatName;

    public bool CanExport => false;

    public IReadOnlyList<string> FileExtensions => [".cda", ".ccda", ".xml"];

    public Resource ToFhir(ReadOnlyMemory<byte> input)
    {
        var bundle = CdaToFhirConverter.Convert(input.Span);
        _codec.EnsureValid(bundle);
        return bundle;
    }

    public byte[] FromFhir(Resource resource) => throw new NotSupportedException("the C-CDA adapter imports only");
}
