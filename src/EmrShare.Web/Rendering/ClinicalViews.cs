using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EmrShare.Web.Rendering;

/// <summary>Allergies, documents and the list-like clinical resources as the record view shows them.</summary>
internal static class ClinicalViews
{
    /// <summary>
    /// Codes that state "no known allergy" (SNOMED CT, and the IPS absent/unknown code system): recorded facts, shown as
    /// such rather than as an allergy to "No known allergy".
    /// </summary>
    private static readonly HashSet<string> NoKnownAllergyCodes = new(StringComparer.Ordinal)
    {
        "716186003", // No known allergy
        "409137002", // No known history of drug allergy
        "428607008", // No known environmental allergy
        "429625007", // No known food allergy
        "1003774007", // No known Hevea brasiliensis latex allergy
        "no-known-allergies", // http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips
    };

    // Attachments larger than this are offered as a link only when they are external; inline data is always offered.
    private const int MaxInlineText = 64 * 1024;

    public static AllergyView Allergy(AllergyIntolerance allergy)
    {
        var reactions = allergy.Reaction.Select(r =>
        {
            var what = string.Join(", ", r.Manifestation.Select(m => FhirText.Concept(m)));
            var severity = r.Severity?.GetLiteral();
            var text = string.IsNullOrWhiteSpace(what) ? r.Description : what;
            return severity is null ? text : $"{text} ({severity})";
        }).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
        var noKnown = allergy.Code?.Coding.Any(c => c.Code is not null && NoKnownAllergyCodes.Contains(c.Code)) == true;
        return new AllergyView(
            FhirText.Concept(allergy.Code, "(substance not recorded)"),
            reactions,
            allergy.Criticality?.GetLiteral(),
            FhirText.ConceptOrNull(allergy.ClinicalStatus),
            FhirText.ConceptOrNull(allergy.VerificationStatus),
            allergy.Category.FirstOrDefault()?.GetLiteral() ?? allergy.Type?.GetLiteral(),
            noKnown);
    }

    public static string Medication(DataType? medication) => medication switch
    {
        CodeableConcept concept => FhirText.Concept(concept),
        ResourceReference reference => FhirText.Reference(reference) ?? "(medication)",
        _ => "(medication)",
    };

    public static DocumentView Document(DocumentReference document)
    {
        var attachments = document.Content.Where(c => c.Attachment is not null).Select(c => AttachmentOf(c.Attachment)).ToList();
        return new DocumentView(
            FhirText.FirstText(FhirText.ConceptOrNull(document.Type), document.Description) ?? "Document",
            document.Status?.GetLiteral(),
            document.Date is { } date ? FhirDates.Readable(date) : FhirText.Period(document.Context?.Period),
            FhirText.ConceptOrNull(document.Type) is null ? null : document.Description,
            attachments);
    }

    private static AttachmentView AttachmentOf(Attachment attachment)
    {
        var type = string.IsNullOrWhiteSpace(attachment.ContentType) ? "application/octet-stream" : attachment.ContentType;
        var data = attachment.Data;
        long? size = data is not null ? data.Length : DeclaredSize(attachment);
        var title = attachment.Title ?? "attachment";
        if (data is not null && type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) && data.Length <= MaxInlineText)
        {
            return new AttachmentView(title, type, size, Encoding.UTF8.GetString(data), null, null);
        }

        return data is not null
            ? new AttachmentView(title, type, size, null, $"data:{type};base64,{Convert.ToBase64String(data)}", null)
            : new AttachmentView(title, type, size, null, null, attachment.Url);
    }

    // Firely's shared Attachment.Size getter assumes R5's integer64 and throws on an R4 unsignedInt, so read the element itself.
    private static long? DeclaredSize(Attachment attachment) =>
        attachment.TryGetValue("size", out var value) ? value switch
        {
            UnsignedInt u => u.Value,
            Integer64 l => l.Value,
            Integer i => i.Value,
            _ => null,
        } : null;

    /// <summary>Size as people read it (12 KB, 1.4 MB).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} MB",
    };

    /// <summary>The list-like resources; null for a type this view does not know (listed as "other" instead).</summary>
    public static ClinicalItemView? Item(Resource resource) => resource switch
    {
        Immunization i => new ClinicalItemView("Immunization", FhirText.Concept(i.VaccineCode), i.Status?.GetLiteral(), FhirText.Effective(i.Occurrence),
            Details(
                i.ProtocolApplied.FirstOrDefault()?.DoseNumber is { } dose ? $"dose {FhirText.Value(dose) ?? dose.ToString()}" : null,
                i.DoseQuantity is { } q ? FhirText.Quantity(q) : null,
                Labelled("route", FhirText.ConceptOrNull(i.Route)),
                Labelled("site", FhirText.ConceptOrNull(i.Site)),
                Labelled("lot", i.LotNumber),
                FhirText.Notes(i.Note))),
        Procedure p => new ClinicalItemView("Procedure", FhirText.Concept(p.Code), p.Status?.GetLiteral(), FhirText.Effective(p.Performed),
            Details(
                Labelled("site", string.Join(", ", p.BodySite.Select(s => FhirText.Concept(s)))),
                Labelled("outcome", FhirText.ConceptOrNull(p.Outcome)),
                Labelled("reason", string.Join(", ", p.ReasonCode.Select(r => FhirText.Concept(r)))),
                FhirText.Notes(p.Note))),
        CarePlan c => new ClinicalItemView("Care plan", FhirText.FirstText(c.Title, c.Description, c.Category.Select(x => FhirText.ConceptOrNull(x)).FirstOrDefault()) ?? "Care plan",
            c.Status?.GetLiteral(), FhirText.Period(c.Period),
            Details([
                c.Title is null ? null : c.Description,
                .. c.Activity.Select(a => a.Detail is { } d ? FhirText.FirstText(FhirText.ConceptOrNull(d.Code), d.Description) : FhirText.Reference(a.Reference)),
                FhirText.Notes(c.Note)])),
        FamilyMemberHistory f => new ClinicalItemView("Family history", FhirText.Concept(f.Relationship, "Family member"), f.Status?.GetLiteral(), FhirDates.Readable(f.Date),
            Details([
                .. f.Condition.Select(c => string.Join(" ", new[]
                {
                    FhirText.Concept(c.Code),
                    FhirText.Effective(c.Onset) is { } onset ? $"(onset {onset})" : null,
                    FhirText.ConceptOrNull(c.Outcome) is { } outcome ? $"— {outcome}" : null,
                }.Where(s => s is not null))),
                f.Deceased switch { FhirBoolean { Value: true } => "deceased", FhirBoolean => null, null => null, var d => $"deceased {FhirText.Value(d) ?? FhirText.Effective(d)}" },
                FhirText.Notes(f.Note)])),
        ServiceRequest s => new ClinicalItemView("Order", FhirText.Concept(s.Code), s.Status?.GetLiteral(), FhirText.Effective(s.Occurrence) ?? FhirDates.Readable(s.AuthoredOn),
            Details(
                s.Intent?.GetLiteral(),
                Labelled("priority", s.Priority?.GetLiteral()),
                Labelled("reason", string.Join(", ", s.ReasonCode.Select(r => FhirText.Concept(r)))),
                Labelled("requested by", FhirText.Reference(s.Requester)),
                FhirText.Notes(s.Note))),
        Provenance p => new ClinicalItemView("Change note", FhirText.FirstText(p.Reason.Select(r => FhirText.ConceptOrNull(r)).ToArray()) ?? "Change", p.Activity is null ? null : FhirText.ConceptOrNull(p.Activity),
            p.Recorded is { } recorded ? FhirDates.Readable(recorded) : null, Details([.. p.Agent.Select(a => FhirText.Reference(a.Who))])),
        _ => null,
    };

    private static string? Labelled(string label, string? value) => string.IsNullOrWhiteSpace(value) ? null : $"{label}: {value}";

    private static IReadOnlyList<string> Details(params string?[] details) => [.. details.Where(d => !string.IsNullOrWhiteSpace(d)).Select(d => d!)];
}
