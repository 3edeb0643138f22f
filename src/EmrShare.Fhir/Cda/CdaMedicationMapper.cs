using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Medications (LOINC 10160-0): Medication Activity (…22.4.16) → MedicationStatement with the product code
/// (RxNorm), period, route, dose, frequency and indication. Immunizations (LOINC 11369-6): Immunization Activity
/// (…22.4.52) → Immunization with the vaccine (CVX), date, route, dose, lot and whether it was given.
/// </summary>
internal static class CdaMedicationMapper
{
    private const string IndicationTemplate = "2.16.840.1.113883.10.20.22.4.19";
    private const string InstructionTemplate = "2.16.840.1.113883.10.20.22.4.20";
    private const string RefusalReasonTemplate = "2.16.840.1.113883.10.20.22.4.53";

    public static int MapMedication(XElement statement, CdaEntry entry)
    {
        var administration = SubstanceAdministration(statement);
        var negated = (string?)administration.Attribute("negationInd") == "true";
        var medication = new MedicationStatement
        {
            Medication = Product(administration) ?? throw new CdaEntryNotMappedException("medication activity names no product code"),
            Subject = entry.Patient,
            Status = negated ? MedicationStatement.MedicationStatusCodes.NotTaken
                : (string?)administration.Attribute("moodCode") == "INT" ? MedicationStatement.MedicationStatusCodes.Intended
                : (string?)administration.Element(V3 + "statusCode")?.Attribute("code") switch
                {
                    "completed" => MedicationStatement.MedicationStatusCodes.Completed,
                    "active" => MedicationStatement.MedicationStatusCodes.Active,
                    "aborted" => MedicationStatement.MedicationStatusCodes.Stopped,
                    "suspended" => MedicationStatement.MedicationStatusCodes.OnHold,
                    "cancelled" => MedicationStatement.MedicationStatusCodes.NotTaken,
                    "nullified" => MedicationStatement.MedicationStatusCodes.EnteredInError,
                    _ => MedicationStatement.MedicationStatusCodes.Unknown,
                },
        };
        if (Period(EffectiveTime(administration), entry.Location + "/effectiveTime") is { } period)
        {
            medication.Effective = period;
        }

        var dosage = new Dosage { Route = Concept(administration.Element(V3 + "routeCode")) };
        if (Dose(administration, entry.Location) is { } dose)
        {
            dosage.DoseAndRate.Add(new Dosage.DoseAndRateComponent { Dose = dose });
        }

        if (Frequency(administration) is { } timing)
        {
            dosage.Timing = timing;
        }

        var instructions = Nested(administration).Where(a => HasTemplate(a, InstructionTemplate)).ToList();
        var instructionText = string.Join("; ", instructions.Select(InstructionText).OfType<string>());
        if (instructionText.Length > 0)
        {
            dosage.PatientInstruction = instructionText;
        }

        if (dosage.Route is not null || dosage.DoseAndRate.Count > 0 || dosage.Timing is not null || dosage.PatientInstruction is not null)
        {
            medication.Dosage.Add(dosage);
        }

        medication.ReasonCode.AddRange(Indications(administration));
        entry.Add(medication, "0");

        // Supply orders, dispenses, preconditions, performers and anything else nested are reported (CdaNested).
        entry.Consume([administration, .. instructions, .. IndicationObservations(administration)]);
        return 1;
    }

    public static int MapImmunization(XElement statement, CdaEntry entry)
    {
        var administration = SubstanceAdministration(statement);
        if ((string?)administration.Attribute("moodCode") is "INT" or "RQO" or "PRP")
        {
            throw new CdaEntryNotMappedException("a planned immunization (moodCode " + (string?)administration.Attribute("moodCode") + ")");
        }

        var negated = (string?)administration.Attribute("negationInd") == "true";
        var when = EffectiveTime(administration);
        var date = CdaValues.DateTime(when?.Attribute("value") is null ? when?.Element(V3 + "low") ?? when?.Element(V3 + "center") : when, entry.Location + "/effectiveTime");
        var immunization = new Immunization
        {
            VaccineCode = Product(administration) ?? throw new CdaEntryNotMappedException("immunization activity names no vaccine code"),
            Patient = entry.Patient,
            Status = negated ? Immunization.ImmunizationStatusCodes.NotDone
                : (string?)administration.Element(V3 + "statusCode")?.Attribute("code") == "nullified" ? Immunization.ImmunizationStatusCodes.EnteredInError
                : Immunization.ImmunizationStatusCodes.Completed,
            Occurrence = date is null ? new FhirString("unknown") : new FhirDateTime(date),
            Route = Concept(administration.Element(V3 + "routeCode")),
            LotNumber = Text(Material(administration)?.Element(V3 + "lotNumberText")),
        };
        if (Dose(administration, entry.Location) is { } dose)
        {
            immunization.DoseQuantity = dose;
        }

        entry.Consume(administration);
        if (negated)
        {
            // Immunization Refusal Reason (…22.4.53) says why it was not given.
            var refusal = administration.Elements(V3 + "entryRelationship").Elements(V3 + "observation")
                .Where(o => HasTemplate(o, RefusalReasonTemplate) || !IsIndication(o)).FirstOrDefault(o => Concept(o.Element(V3 + "code")) is not null);
            immunization.StatusReason = Concept(refusal?.Element(V3 + "code"));
            entry.Consume(refusal);
        }

        // An indication (…22.4.19) is why the vaccine was given: Immunization.reasonCode.
        immunization.ReasonCode.AddRange(Indications(administration));
        entry.Consume(IndicationObservations(administration));
        entry.Add(immunization, "0");
        return 1;
    }

    private static XElement SubstanceAdministration(XElement statement) =>
        statement.Name == V3 + "substanceAdministration"
            ? statement
            : statement.Descendants(V3 + "substanceAdministration").FirstOrDefault()
                ?? throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a substance administration");

    private static XElement? Material(XElement administration) =>
        administration.Element(V3 + "consumable")?.Element(V3 + "manufacturedProduct")?.Element(V3 + "manufacturedMaterial");

    private static CodeableConcept? Product(XElement administration) => EntityConcept(Material(administration));

    private static Quantity? Dose(XElement administration, string location)
    {
        var dose = administration.Element(V3 + "doseQuantity");
        return dose?.Attribute("value") is null ? null : Quantity(dose, location + "/doseQuantity");
    }

    /// <summary>PIVL_TS "every N units" → Timing.repeat (frequency 1 per period).</summary>
    private static Timing? Frequency(XElement administration)
    {
        var period = administration.Elements(V3 + "effectiveTime").FirstOrDefault(t => XsiType(t) == "PIVL_TS")?.Element(V3 + "period");
        if (!decimal.TryParse((string?)period?.Attribute("value"), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        Timing.UnitsOfTime? unit = (string?)period!.Attribute("unit") switch
        {
            "s" => Timing.UnitsOfTime.S,
            "min" => Timing.UnitsOfTime.Min,
            "h" => Timing.UnitsOfTime.H,
            "d" => Timing.UnitsOfTime.D,
            "wk" => Timing.UnitsOfTime.Wk,
            "mo" => Timing.UnitsOfTime.Mo,
            "a" => Timing.UnitsOfTime.A,
            _ => null,
        };
        return unit is null ? null : new Timing { Repeat = new Timing.RepeatComponent { Frequency = 1, Period = value, PeriodUnit = unit } };
    }

    /// <summary>Indication observations (…22.4.19): the reason a medication was given or an encounter happened.</summary>
    public static IEnumerable<CodeableConcept> Indications(XElement act) =>
        IndicationObservations(act).Select(o => Concept(o.Element(V3 + "value"))).OfType<CodeableConcept>();

    public static IEnumerable<XElement> IndicationObservations(XElement act) =>
        act.Elements(V3 + "entryRelationship").Elements(V3 + "observation").Where(IsIndication);

    /// <summary>An indication (…22.4.19), or an untemplated reason; an Immunization Refusal Reason (…22.4.53) is also RSON but says why not.</summary>
    private static bool IsIndication(XElement observation) =>
        HasTemplate(observation, IndicationTemplate)
        || (observation.Parent!.Attribute("typeCode")?.Value == "RSON" && !HasTemplate(observation, RefusalReasonTemplate));

    /// <summary>An instruction's narrative text, else the name of its code.</summary>
    private static string? InstructionText(XElement instruction)
    {
        var code = Concept(instruction.Element(V3 + "code"));
        return NarrativeText(instruction.Element(V3 + "text")) ?? code?.Text ?? code?.Coding.FirstOrDefault()?.Display;
    }

    private static IEnumerable<XElement> Nested(XElement act) => act.Elements(V3 + "entryRelationship").Elements();
}
