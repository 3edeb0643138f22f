using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Adapters;

/// <summary>
/// Converts one hospital-native record format to canonical FHIR R4 (and back where the format allows).
/// Contract: <see cref="ToFhir"/> returns a fully converted, validated resource or throws an
/// <see cref="EmrFormatException"/> — never a partial result.
/// </summary>
public interface IEmrFormatAdapter
{
    /// <summary>Registry key, e.g. <c>fhir+json</c>, <c>fhir+xml</c>, <c>hl7v2</c>, <c>csv</c>.</summary>
    string Format { get; }

    /// <summary>Whether <see cref="FromFhir"/> is implemented.</summary>
    bool CanExport { get; }

    /// <summary>File extensions (with dot) a folder import recognises as this format.</summary>
    IReadOnlyList<string> FileExtensions { get; }

    Resource ToFhir(ReadOnlyMemory<byte> input);

    /// <exception cref="NotSupportedException">When <see cref="CanExport"/> is false.</exception>
    byte[] FromFhir(Resource resource);
}
