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

    /// <summary>
    /// Like <see cref="ToFhir"/>, plus what the input carried that no mapping took ("not imported: NK1 (segment 4)"),
    /// so the caller can tell the user; an adapter that maps everything it accepts reports nothing.
    /// </summary>
    AdapterResult ToFhirWithReport(ReadOnlyMemory<byte> input) => new(ToFhir(input), []);

    /// <exception cref="NotSupportedException">When <see cref="CanExport"/> is false.</exception>
    byte[] FromFhir(Resource resource);
}

/// <summary>A converted record and the parts of the input that were not imported (named, never silently dropped).</summary>
public sealed record AdapterResult(Resource Resource, IReadOnlyList<string> NotImported);
