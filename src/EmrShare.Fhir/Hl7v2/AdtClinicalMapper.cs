using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// The clinical segments an ADT message carries beside PID/PV1 (issue 16 item 1): AL1 → AllergyIntolerance,
/// PR1 → Procedure, IN1 → Coverage. DG1 → Condition and OBX (+ NTE) → Observation reuse their own mappers.
/// Codes are kept as sent; nothing is inferred that the segment does not say.
/// </summary>
internal static class AdtClinicalMapper
{
    private const string Criticality = "http://terminology.hl7.org/CodeSystem/v2-0128";

    /// <summary>AL1-2 type (table 0127), AL1-3 allergen, AL1-4 severity (0128), AL1-5 reactions, AL1-6 identified.</summary>
    public static AllergyIntolerance MapAllergy(Hl7Segment al1, ResourceReference patient, Hl7AdapterOptions options)
    {
        var allergy = new AllergyIntolerance
        {
            Code = Hl7DataTypes.ToCodeableConcept(al1.Required(3, "allergen").First)!,
            Patient = patient,
            Type = AllergyIntolerance.AllergyIntoleranceType.Allergy,
        };
        AllergyIntolerance.AllergyIntoleranceCategory? category = al1.Field(2).Value switch
        {
            "DA" => AllergyIntolerance.AllergyIntoleranceCategory.Medication,
            "FA" => AllergyIntolerance.AllergyIntoleranceCategory.Food,
            "EA" or "AA" or "PA" => AllergyIntolerance.AllergyIntoleranceCategory.Environment,
            _ => null,
        };
        if (category is { } c)
        {
            allergy.Category = [c];
        }

        // Table 0128 severity: SV severe → high criticality; the code itself is kept on the reaction below.
        var severity = al1.Field(4).Value;
        if (severity == "SV")
        {
            allergy.Criticality = AllergyIntolerance.AllergyIntoleranceCriticality.High;
        }

        var reactions = al1.Field(5).Repetitions.Select(r => r.Component(1)).Where(r => r.Length > 0).ToList();
        if (reactions.Count > 0 || severity.Length > 0)
        {
            var reaction = new AllergyIntolerance.ReactionComponent
            {
                Manifestation = reactions.Count > 0 ? [.. reactions.Select(r => new CodeableConcept { Text = r })] : [new CodeableConcept { Text = "not stated" }],
                Severity = severity switch
                {
                    "SV" => AllergyIntolerance.AllergyIntoleranceSeverity.Severe,
                    "MO" => AllergyIntolerance.AllergyIntoleranceSeverity.Moderate,
                    "MI" => AllergyIntolerance.AllergyIntoleranceSeverity.Mild,
                    _ => null,
                },
            };
            if (severity.Length > 0)
            {
                reaction.Extension.Add(new Extension("urn:emrshare:hl7v2:al1-4", new Coding(Criticality, severity)));
            }

            allergy.Reaction.Add(reaction);
        }

        var identified = Hl7DateTime.ToFhirDateTime(al1.Field(6).Component(1), options.AssumedOffset, al1.Index, "AL1-6");
        if (identified is not null)
        {
            allergy.RecordedDateElement = new FhirDateTime(identified);
        }

        return allergy;
    }

    /// <summary>PR1-3 procedure code, PR1-4 description, PR1-5 date/time. A PR1 reports a performed procedure.</summary>
    public static Procedure MapProcedure(Hl7Segment pr1, ResourceReference patient, ResourceReference? encounter, Hl7AdapterOptions options)
    {
        var code = Hl7DataTypes.ToCodeableConcept(pr1.Field(3).First) ?? new CodeableConcept { Text = pr1.Required(4, "procedure code or description").Value };
        var procedure = new Procedure
        {
            Status = EventStatus.Completed,
            Code = code,
            Subject = patient,
            Encounter = encounter,
        };
        var when = Hl7DateTime.ToFhirDateTime(pr1.Field(5).Component(1), options.AssumedOffset, pr1.Index, "PR1-5");
        if (when is not null)
        {
            procedure.Performed = new FhirDateTime(when);
        }

        return procedure;
    }

    /// <summary>IN1-2 plan, IN1-3/4 company id/name (payor), IN1-12/13 plan dates, IN1-36 policy number.</summary>
    public static Coverage MapCoverage(Hl7Segment in1, ResourceReference patient, Hl7AdapterOptions options)
    {
        var company = in1.Field(4).Value;
        var coverage = new Coverage
        {
            Status = FinancialResourceStatusCodes.Active,
            Beneficiary = patient,
            Payor = [new ResourceReference { Display = company.Length > 0 ? company : in1.Required(3, "insurance company").Value }],
        };
        if (Hl7DataTypes.ToCodeableConcept(in1.Field(2).First) is { } plan)
        {
            coverage.Type = plan;
        }

        var policy = in1.Field(36).Value;
        if (policy.Length > 0)
        {
            coverage.SubscriberId = policy;
        }

        var start = Hl7DateTime.ToFhirDateTime(in1.Field(12).Component(1), options.AssumedOffset, in1.Index, "IN1-12");
        var end = Hl7DateTime.ToFhirDateTime(in1.Field(13).Component(1), options.AssumedOffset, in1.Index, "IN1-13");
        if (start is not null || end is not null)
        {
            coverage.Period = new Period { Start = start, End = end };
        }

        return coverage;
    }
}
