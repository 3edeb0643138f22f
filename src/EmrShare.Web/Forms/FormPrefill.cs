using System.Globalization;
using System.Text;
using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Forms;

/// <summary>
/// Amend through the structured forms (issue 16 #10): a record one of the clinician forms wrote (its Bundle carries the
/// form's tag) is read back into that form's fields, so the clinician edits the values instead of JSON. The inverse of
/// <see cref="ClinicalEntryForms"/> and <see cref="VitalsForm"/>; a record no form wrote has no prefill (raw amend only).
/// </summary>
internal static partial class FormPrefill
{
    /// <summary>The form that wrote the record and its field values, or null when no form wrote it.</summary>
    public static (string Form, IReadOnlyDictionary<string, string> Fields)? From(string content, string contentType)
    {
        Bundle? bundle;
        try
        {
            bundle = FhirCodec.Clinical.ParseRecord(Encoding.UTF8.GetBytes(content), contentType).Resource as Bundle;
        }
        catch (Exception ex) when (ex is EmrShare.Fhir.EmrFormatException or FormatException)
        {
            return null;
        }

        var form = bundle?.Meta?.Tag.FirstOrDefault(t => t.System == ClinicalForm.FormTagSystem)?.Code;
        if (bundle is null || form is null || !ClinicalEntryForms.Names.Contains(form, StringComparer.Ordinal))
        {
            return null;
        }

        var resources = bundle.Entry.Select(e => e.Resource).Where(r => r is not Provenance).ToList();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (form)
        {
            case VitalsForm.Name:
                Vitals(resources.OfType<Observation>(), fields);
                break;
            case ClinicalEntryForms.Diagnosis when resources.OfType<Condition>().FirstOrDefault() is { } condition:
                Put(fields, "diagnosisCode", condition.Code?.Coding.Select(c => ClinicalCodeEntry.KeyOf(c.System, c.Code)).FirstOrDefault());
                Put(fields, "clinicalStatus", condition.ClinicalStatus?.Coding.FirstOrDefault()?.Code);
                Put(fields, "onset", (condition.Onset as FhirDateTime)?.Value);
                Put(fields, "diagnosisNote", condition.Note.FirstOrDefault()?.Text);
                break;
            case ClinicalEntryForms.Medication when resources.OfType<MedicationStatement>().FirstOrDefault() is { } statement:
                Put(fields, "medication", (statement.Medication as CodeableConcept)?.Text);
                Put(fields, "dosage", statement.Dosage.FirstOrDefault()?.Text);
                Put(fields, "medicationStatus", Literal(statement.Status));
                Put(fields, "medicationStart", (statement.Effective as FhirDateTime)?.Value);
                break;
            case ClinicalEntryForms.Allergy when resources.OfType<AllergyIntolerance>().FirstOrDefault() is { } allergy:
                Allergy(allergy, fields);
                break;
            case ClinicalEntryForms.Note when resources.OfType<DocumentReference>().FirstOrDefault() is { } note:
                Put(fields, "noteTitle", note.Description);
                var data = note.Content.FirstOrDefault()?.Attachment?.Data;
                Put(fields, "noteText", data is null ? null : Encoding.UTF8.GetString(data));
                break;
        }

        return (form, fields);
    }

    private static void Vitals(IEnumerable<Observation> observations, Dictionary<string, string> fields)
    {
        foreach (var observation in observations)
        {
            var code = observation.Code?.Coding.FirstOrDefault()?.Code;
            if ((observation.Effective as FhirDateTime)?.Value is { } when)
            {
                Put(fields, "effective", when.Length > 10 ? when[..10] : when);
            }

            if (code == "85354-9")
            {
                foreach (var component in observation.Component)
                {
                    var part = component.Code?.Coding.FirstOrDefault()?.Code;
                    Put(fields, part == "8480-6" ? "systolic" : part == "8462-4" ? "diastolic" : null, Number(component.Value));
                }
            }
            else if (VitalsForm.Single.FirstOrDefault(s => s.Code == code) is { Field: not null } spec)
            {
                Put(fields, spec.Field, Number(observation.Value));
            }
        }
    }

    private static void Allergy(AllergyIntolerance allergy, Dictionary<string, string> fields)
    {
        if (allergy.Code?.Coding.Any(c => c.Code == "716186003") == true)
        {
            fields["noKnownAllergies"] = "on";
            return;
        }

        Put(fields, "substance", allergy.Code?.Text);
        Put(fields, "allergyCategory", Literal(allergy.Category.Select(c => (AllergyIntolerance.AllergyIntoleranceCategory?)c).FirstOrDefault()));
        Put(fields, "criticality", Literal(allergy.Criticality));
        var reaction = allergy.Reaction.FirstOrDefault();
        Put(fields, "reaction", reaction is null ? null : string.Join(", ", reaction.Manifestation.Select(m => m.Text)));
        Put(fields, "reactionSeverity", Literal(reaction?.Severity));
    }

    private static string? Literal<T>(T? value)
        where T : struct, Enum =>
        value is { } v ? Hl7.Fhir.Utility.EnumUtility.GetLiteral(v) : null;

    private static string? Number(DataType? value) =>
        (value as Quantity)?.Value?.ToString(CultureInfo.InvariantCulture);

    private static void Put(Dictionary<string, string> fields, string? name, string? value)
    {
        if (name is not null && !string.IsNullOrEmpty(value))
        {
            fields[name] = value;
        }
    }
}
