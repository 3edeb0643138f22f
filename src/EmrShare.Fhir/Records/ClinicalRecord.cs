using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Records;

/// <summary>A validated FHIR record as EmrShare handles it: the resource, its wire content type and its summary.</summary>
public sealed record ClinicalRecord(Resource Resource, string ContentType, ClinicalSummary Summary)
{
    /// <summary>Builds a record from an already validated in-memory resource.</summary>
    public static ClinicalRecord From(Resource resource, FhirFormat format = FhirFormat.Json) =>
        new(resource, format.ContentType(), ClinicalSummaryBuilder.Build(resource));
}
