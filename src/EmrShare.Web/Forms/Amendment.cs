using EmrShare.Fhir.Codec;
using EmrShare.Web.Services;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EmrShare.Web.Forms;

/// <summary>
/// An amendment carries its reason inside the new version: a Provenance (activity UPDATE, reason as text, the signing
/// practitioner as agent) is added to the record, so the reason is encrypted, signed and shared with the record like
/// the rest of it, and every reader sees why it changed. A single resource becomes a collection Bundle with it.
/// </summary>
internal static class Amendment
{
    public const int MaxReason = 500;

    /// <summary>The amended content (FHIR JSON) with the reason added; a blank or long reason is a field error.</summary>
    public static byte[] WithReason(byte[] content, string contentType, string? reason, string practitioner, DateTimeOffset now)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxReason)
        {
            throw new RequestValidationException("reason", $"Say why this record is being changed (1–{MaxReason} characters)");
        }

        var resource = FhirCodec.Clinical.ParseRecord(content, contentType).Resource;
        var bundle = resource as Bundle is { Type: Bundle.BundleType.Collection } collection ? collection : Wrap(resource);
        bundle.Entry.RemoveAll(e => e.Resource is Provenance p && p.Activity?.Coding.Any(c => c.Code == "UPDATE") == true);
        var targets = bundle.Entry.Where(e => !string.IsNullOrEmpty(e.FullUrl)).Select(e => new ResourceReference(e.FullUrl)).ToList();
        var provenance = new Provenance
        {
            Target = targets.Count > 0 ? targets : [new ResourceReference { Display = "this record" }],
            Recorded = now,
            Activity = ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise"),
            Reason = [new CodeableConcept { Text = text }],
            Agent = [new Provenance.AgentComponent { Who = new ResourceReference { Display = "practitioner " + practitioner } }],
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"), Resource = provenance });
        return System.Text.Encoding.UTF8.GetBytes(new FhirJsonSerializer().SerializeToString(bundle));
    }

    private static Bundle Wrap(Resource resource)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"), Resource = resource });
        return bundle;
    }
}
