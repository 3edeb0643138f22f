using System.Text;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Forms;

/// <summary>Diagnosis, medication, allergy and note forms → one FHIR R4 resource each, in a tagged collection Bundle.</summary>
internal static class ClinicalEntryForms
{
    public const string Diagnosis = "diagnosis";
    public const string Medication = "medication";
    public const string Allergy = "allergy";
    public const string Note = "note";

    private const string Snomed = "http://snomed.info/sct";

    public static readonly string[] Names = [VitalsForm.Name, Diagnosis, Medication, Allergy, Note];

    /// <summary>Builds the record for form <paramref name="name"/>; an unknown form name is a field error, not a guess.</summary>
    public static byte[] Build(string? name, ClinicalForm form, Func<string, string?> field, ClinicalCodeList codes)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(codes);
        switch (name)
        {
            case VitalsForm.Name:
                return VitalsForm.Build(form, field);
            case Diagnosis:
                return form.Bundle(Diagnosis, [Condition(form, field, codes)]);
            case Medication:
                return form.Bundle(Medication, [MedicationStatement(form, field)]);
            case Allergy:
                return form.Bundle(Allergy, [AllergyIntolerance(form, field)]);
            case Note:
                return form.Bundle(Note, [DocumentReference(form, field)]);
            default:
                form.Error("form", "Choose what to record: vitals, diagnosis, medication, allergy or note");
                form.ThrowIfInvalid();
                throw new InvalidOperationException("unreachable");
        }
    }

    private static Condition Condition(ClinicalForm form, Func<string, string?> field, ClinicalCodeList codes)
    {
        var picked = field("diagnosisCode");
        var entry = picked is null ? null : codes.Find(picked);
        if (entry is null)
        {
            form.Error("diagnosisCode", picked is null ? "Choose a diagnosis from the list" : "That diagnosis is not in the list; search and pick one");
        }

        var status = form.Choice("clinicalStatus", field("clinicalStatus") ?? "active", "Status", "active", "recurrence", "remission", "resolved") ?? "active";
        var onset = form.Date("onset", field("onset"), "Onset date");
        var note = form.Text("diagnosisNote", field("diagnosisNote"), "Note", 2000, required: false);
        var condition = new Condition
        {
            ClinicalStatus = ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/condition-clinical", status, char.ToUpperInvariant(status[0]) + status[1..]),
            VerificationStatus = ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", "Confirmed"),
            Category = [ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", "Encounter Diagnosis")],
            Code = entry is null ? null : ClinicalForm.Coded(entry.System, entry.Code, entry.Display),
            Subject = form.Patient,
            RecordedDate = form.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (onset is not null)
        {
            condition.Onset = new FhirDateTime(onset);
        }

        if (note is not null)
        {
            condition.Note.Add(new Annotation { Text = new Markdown(note) });
        }

        return condition;
    }

    private static MedicationStatement MedicationStatement(ClinicalForm form, Func<string, string?> field)
    {
        var medication = form.Text("medication", field("medication"), "Medication", 200);
        var dosage = form.Text("dosage", field("dosage"), "Dose and frequency", 500, required: false);
        var status = form.Choice("medicationStatus", field("medicationStatus") ?? "active", "Status", "active", "completed", "stopped", "on-hold") ?? "active";
        var since = form.Date("medicationStart", field("medicationStart"), "Start date", defaultToday: true);
        var statement = new MedicationStatement
        {
            Status = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<MedicationStatement.MedicationStatusCodes>(status),
            Medication = new CodeableConcept { Text = medication },
            Subject = form.Patient,
            Effective = new FhirDateTime(since),
            DateAssertedElement = new FhirDateTime(form.Now),
        };
        if (dosage is not null)
        {
            statement.Dosage.Add(new Dosage { Text = dosage });
        }

        return statement;
    }

    private static AllergyIntolerance AllergyIntolerance(ClinicalForm form, Func<string, string?> field)
    {
        var noKnown = field("noKnownAllergies") is "on" or "true";
        var allergy = new AllergyIntolerance
        {
            ClinicalStatus = ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
            VerificationStatus = ClinicalForm.Coded("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", "Confirmed"),
            Patient = form.Patient,
            RecordedDateElement = new FhirDateTime(form.Now),
        };
        if (noKnown)
        {
            allergy.Code = ClinicalForm.Coded(Snomed, "716186003", "No known allergy");
            return allergy;
        }

        var substance = form.Text("substance", field("substance"), "Substance", 200);
        var category = form.Choice("allergyCategory", field("allergyCategory"), "Category", "medication", "food", "environment", "biologic");
        var criticality = form.Choice("criticality", field("criticality"), "Criticality", "low", "high", "unable-to-assess");
        var reaction = form.Text("reaction", field("reaction"), "Reaction", 300, required: false);
        var severity = form.Choice("reactionSeverity", field("reactionSeverity"), "Reaction severity", "mild", "moderate", "severe");
        allergy.Code = new CodeableConcept { Text = substance };
        if (category is not null)
        {
            allergy.Category = [Hl7.Fhir.Utility.EnumUtility.ParseLiteral<AllergyIntolerance.AllergyIntoleranceCategory>(category)];
        }

        if (criticality is not null)
        {
            allergy.Criticality = Hl7.Fhir.Utility.EnumUtility.ParseLiteral<AllergyIntolerance.AllergyIntoleranceCriticality>(criticality);
        }

        if (reaction is not null)
        {
            allergy.Reaction.Add(new AllergyIntolerance.ReactionComponent
            {
                Manifestation = [.. reaction.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => new CodeableConcept { Text = r })],
                Severity = severity is null ? null : Hl7.Fhir.Utility.EnumUtility.ParseLiteral<AllergyIntolerance.AllergyIntoleranceSeverity>(severity),
            });
        }
        else if (severity is not null)
        {
            form.Error("reaction", "Describe the reaction that the severity is about");
        }

        return allergy;
    }

    private static DocumentReference DocumentReference(ClinicalForm form, Func<string, string?> field)
    {
        var title = form.Text("noteTitle", field("noteTitle"), "Title", 200, required: false) ?? "Clinical note";
        var text = form.Text("noteText", field("noteText"), "Note", 50_000);
        return new DocumentReference
        {
            Status = DocumentReferenceStatus.Current,
            Type = ClinicalForm.Coded("http://loinc.org", "11506-3", "Progress note"),
            Description = title,
            Subject = form.Patient,
            Date = form.Now,
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment { ContentType = "text/plain; charset=utf-8", Data = Encoding.UTF8.GetBytes(text ?? string.Empty), Title = title },
                },
            ],
        };
    }
}
