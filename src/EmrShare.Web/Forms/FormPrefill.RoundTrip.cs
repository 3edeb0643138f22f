using System.Text;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Services;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EmrShare.Web.Forms;

/// <summary>
/// An amendment through a form writes the new version only from the form's fields, so the form is offered only for a
/// record it represents exactly: the prefilled fields are rebuilt with the form's own builder and must give back the
/// same clinical content. A record holding more (a second Condition from a raw amend, a second coding, several notes or
/// reactions, a field the form has no place for) is amended through its FHIR source; the reason is said in words.
/// </summary>
internal static partial class FormPrefill
{
    /// <summary>Why amending through <paramref name="prefill"/>'s form would lose part of the record; null when it would not.</summary>
    public static string? Unrepresentable(string content, string contentType, (string Form, IReadOnlyDictionary<string, string> Fields) prefill, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var original = Resources(Parse(Encoding.UTF8.GetBytes(content), contentType));
        List<string> reasons = original is null ? ["content that cannot be read as FHIR"] : Counts(prefill.Form, original);
        if (reasons.Count == 0)
        {
            try
            {
                var form = new ClinicalForm(LocalPatient(original!) ?? string.Empty, time);
                var rebuilt = ClinicalEntryForms.Build(prefill.Form, form, n => prefill.Fields.GetValueOrDefault(n), ClinicalCodeList.Default);
                if (!SameClinicalContent(original!, Resources(Parse(rebuilt, FhirFormats.JsonContentType))))
                {
                    reasons.Add("details the form has no field for");
                }
            }
            catch (RequestValidationException)
            {
                reasons.Add("values the form does not accept");
            }
        }

        return reasons.Count == 0
            ? null
            : $"This record holds more than the {prefill.Form} form can show: {string.Join("; ", reasons)}. Amend it through the FHIR source, so nothing is dropped.";
    }

    /// <summary>What the form holds one of, counted: each surplus is named.</summary>
    private static List<string> Counts(string form, IReadOnlyList<Resource> resources)
    {
        var reasons = new List<string>();
        var expected = form switch
        {
            VitalsForm.Name => typeof(Observation),
            ClinicalEntryForms.Diagnosis => typeof(Condition),
            ClinicalEntryForms.Medication => typeof(MedicationStatement),
            ClinicalEntryForms.Allergy => typeof(AllergyIntolerance),
            _ => typeof(DocumentReference),
        };
        foreach (var other in resources.Where(r => r.GetType() != expected).GroupBy(r => r.TypeName))
        {
            reasons.Add($"{other.Count()} {other.Key} the form does not write");
        }

        var own = resources.Where(r => r.GetType() == expected).ToList();
        if (form == VitalsForm.Name)
        {
            var dates = own.OfType<Observation>().Select(o => (o.Effective as FhirDateTime)?.Value).Distinct().Count();
            Surplus(reasons, dates, "dates of measurement");
            foreach (var code in own.OfType<Observation>().GroupBy(o => o.Code?.Text ?? o.Code?.Coding.FirstOrDefault()?.Code ?? "uncoded"))
            {
                Surplus(reasons, code.Count(), $"{code.Key} observations");
            }

            return reasons;
        }

        Surplus(reasons, own.Count, $"{expected.Name} entries");
        foreach (var resource in own)
        {
            switch (resource)
            {
                case Condition condition:
                    Surplus(reasons, condition.Code?.Coding.Count ?? 0, "codings of the diagnosis");
                    Surplus(reasons, condition.Note.Count, "notes");
                    break;
                case MedicationStatement statement:
                    Surplus(reasons, statement.Dosage.Count, "dosage lines");
                    break;
                case AllergyIntolerance allergy:
                    Surplus(reasons, allergy.Code?.Coding.Count ?? 0, "codings of the substance");
                    Surplus(reasons, allergy.CategoryElement.Count, "categories");
                    Surplus(reasons, allergy.Reaction.Count, "reactions");
                    break;
                case DocumentReference note:
                    Surplus(reasons, note.Content.Count, "attachments");
                    break;
            }
        }

        return reasons;
    }

    private static void Surplus(List<string> reasons, int count, string what)
    {
        if (count > 1)
        {
            reasons.Add($"{count} {what} (the form shows one)");
        }
    }

    /// <summary>The same resources once the instants each write stamps (recorded, asserted, dated) are set aside.</summary>
    private static bool SameClinicalContent(IReadOnlyList<Resource> original, IReadOnlyList<Resource>? rebuilt)
    {
        if (rebuilt is null)
        {
            return false;
        }

        var serializer = new FhirJsonSerializer();
        IEnumerable<string> Canonical(IEnumerable<Resource> resources) =>
            resources.Select(r => serializer.SerializeToString(WithoutWriteInstant((Resource)r.DeepCopy()))).Order(StringComparer.Ordinal);
        return Canonical(original).SequenceEqual(Canonical(rebuilt), StringComparer.Ordinal);
    }

    private static Resource WithoutWriteInstant(Resource resource)
    {
        switch (resource)
        {
            case Condition condition:
                condition.RecordedDateElement = null;
                break;
            case MedicationStatement statement:
                statement.DateAssertedElement = null;
                break;
            case AllergyIntolerance allergy:
                allergy.RecordedDateElement = null;
                break;
            case DocumentReference note:
                note.DateElement = null;
                break;
        }

        return resource;
    }

    private static string? LocalPatient(IEnumerable<Resource> resources) => resources
        .Select(r => r switch
        {
            Condition c => c.Subject,
            MedicationStatement m => m.Subject,
            AllergyIntolerance a => a.Patient,
            DocumentReference d => d.Subject,
            Observation o => o.Subject,
            _ => null,
        })
        .Select(s => s?.Identifier?.System == ClinicalForm.LocalPatientSystem ? s.Identifier.Value : null)
        .FirstOrDefault(v => v is not null);

    private static Bundle? Parse(byte[] content, string contentType)
    {
        try
        {
            return FhirCodec.Clinical.ParseRecord(content, contentType).Resource as Bundle;
        }
        catch (Exception ex) when (ex is EmrShare.Fhir.EmrFormatException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The record's resources except the amendment reason (which every amendment replaces).</summary>
    private static List<Resource>? Resources(Bundle? bundle) => bundle?.Entry
        .Select(e => e.Resource)
        .OfType<Resource>()
        .Where(r => !(r is Provenance p && p.Activity?.Coding.Any(c => c.Code == "UPDATE") == true))
        .ToList();
}
