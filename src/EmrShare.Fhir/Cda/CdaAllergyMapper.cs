using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Allergies section (LOINC 48765-2): each allergy observation (…22.4.7, inside an Allergy Concern Act …22.4.30)
/// → AllergyIntolerance with its substance, type and category, reactions (…22.4.9) with their severity (…22.4.8),
/// criticality (…22.4.145) and status (…22.4.28). A negated observation without a substance is "no known
/// allergy" (SNOMED CT 716186003 and its drug/food/environment variants), which the allergy banner shows.
/// </summary>
internal static class CdaAllergyMapper
{
    private const string Snomed = "http://snomed.info/sct";
    private const string SeverityTemplate = "2.16.840.1.113883.10.20.22.4.8";
    private const string ReactionTemplate = "2.16.840.1.113883.10.20.22.4.9";
    private const string CriticalityTemplate = "2.16.840.1.113883.10.20.22.4.145";
    private const string StatusTemplate = "2.16.840.1.113883.10.20.22.4.28";

    private const string SeverityExtension = CdaToFhirConverter.AllergySeverityExtension;

    public static int Map(XElement statement, CdaEntry entry)
    {
        var observations = statement.Name == V3 + "observation"
            ? [statement]
            : statement.Elements(V3 + "entryRelationship").Elements(V3 + "observation").ToList();
        if (observations.Count == 0)
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} holds no allergy observation");
        }

        var count = 0;
        foreach (var observation in observations)
        {
            entry.Add(Allergy(observation, entry, $"{entry.Location}/observation[{count}]"), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            count++;
        }

        return count;
    }

    private static AllergyIntolerance Allergy(XElement observation, CdaEntry entry, string location)
    {
        var typeCode = (string?)observation.Element(V3 + "value")?.Attribute("code");
        var allergens = observation.Elements(V3 + "participant").Where(p => (string?)p.Attribute("typeCode") is null or "CSM")
            .Select(p => (Participant: p, Concept: EntityConcept(p.Element(V3 + "participantRole")?.Element(V3 + "playingEntity")))).ToList();
        var allergen = allergens.FirstOrDefault(a => a.Concept is not null).Participant;
        var substance = allergens.FirstOrDefault(a => a.Concept is not null).Concept;

        // The substance taken, and allergen participants that name nothing (a nullFlavor code): a second named
        // substance is not carried and gets reported.
        entry.Consume(allergens.Where(a => a.Concept is null).Select(a => a.Participant));
        var negated = (string?)observation.Attribute("negationInd") == "true";
        if (negated && substance is not null)
        {
            throw new CdaEntryNotMappedException("negated allergy observation for a named substance (\"not allergic to\")");
        }

        var allergy = new AllergyIntolerance
        {
            Patient = entry.Patient,
            Code = negated ? NoKnownAllergy(typeCode) : substance ?? throw new CdaEntryNotMappedException("allergy observation names no substance"),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", ClinicalStatus(observation)),
        };
        (allergy.Type, var category) = TypeOf(typeCode);
        if (category is { } c && !negated)
        {
            allergy.Category = [c];
        }

        var onset = CdaValues.DateTime(observation.Element(V3 + "effectiveTime")?.Element(V3 + "low"), location + "/effectiveTime/low");
        if (onset is not null)
        {
            allergy.Onset = new FhirDateTime(onset);
        }

        var related = observation.Elements(V3 + "entryRelationship").Elements(V3 + "observation").ToList();
        var severity = related.FirstOrDefault(o => HasTemplate(o, SeverityTemplate));
        var criticality = related.FirstOrDefault(o => HasTemplate(o, CriticalityTemplate));
        entry.Consume(observation, allergen, severity, criticality, StatusObservation(observation));
        var severityConcept = Concept(severity?.Element(V3 + "value"));
        if (severityConcept is not null)
        {
            allergy.Extension.Add(new Extension(SeverityExtension, severityConcept));
        }

        allergy.Criticality = (string?)criticality?.Element(V3 + "value")?.Attribute("code") switch
        {
            "CRITL" => AllergyIntolerance.AllergyIntoleranceCriticality.Low,
            "CRITH" => AllergyIntolerance.AllergyIntoleranceCriticality.High,
            "CRITU" => AllergyIntolerance.AllergyIntoleranceCriticality.UnableToAssess,
            _ => null,
        };
        foreach (var reaction in related.Where(o => HasTemplate(o, ReactionTemplate) || o.Parent!.Attribute("typeCode")?.Value == "MFST"))
        {
            entry.Consume(reaction);
            var manifestation = Concept(reaction.Element(V3 + "value"))
                ?? (NarrativeText(reaction.Element(V3 + "text")) is { } said ? new CodeableConcept { Text = said } : null);
            if (manifestation is null)
            {
                entry.NotImported("a reaction without a coded or named manifestation");
                entry.Consume(reaction.Descendants());
                continue;
            }

            var own = reaction.Elements(V3 + "entryRelationship").Elements(V3 + "observation").FirstOrDefault(o => HasTemplate(o, SeverityTemplate));
            entry.Consume(own);
            allergy.Reaction.Add(new AllergyIntolerance.ReactionComponent
            {
                Manifestation = [manifestation],
                Severity = Severity((string?)(own ?? severity)?.Element(V3 + "value")?.Attribute("code")),
            });
        }

        return allergy;
    }

    /// <summary>Status observation (…22.4.28) first; otherwise an observation with an end time is resolved.</summary>
    private static XElement? StatusObservation(XElement observation) =>
        observation.Elements(V3 + "entryRelationship").Elements(V3 + "observation")
            .FirstOrDefault(o => HasTemplate(o, StatusTemplate) || (string?)o.Element(V3 + "code")?.Attribute("code") == "33999-4");

    private static string ClinicalStatus(XElement observation)
    {
        var status = StatusObservation(observation);
        return (string?)status?.Element(V3 + "value")?.Attribute("code") switch
        {
            "55561003" => "active",
            "73425007" => "inactive",
            "413322009" => "resolved",
            _ => observation.Element(V3 + "effectiveTime")?.Element(V3 + "high")?.Attribute("value") is null ? "active" : "resolved",
        };
    }

    /// <summary>SNOMED CT severity → FHIR reaction severity; a range ("moderate to severe") takes its upper end.</summary>
    private static AllergyIntolerance.AllergyIntoleranceSeverity? Severity(string? code) => code switch
    {
        "255604002" => AllergyIntolerance.AllergyIntoleranceSeverity.Mild,
        "6736007" or "371923003" => AllergyIntolerance.AllergyIntoleranceSeverity.Moderate,
        "24484000" or "371924009" or "399166001" => AllergyIntolerance.AllergyIntoleranceSeverity.Severe,
        _ => null,
    };

    /// <summary>Allergy/intolerance type value set (C-CDA 2.16.840.1.113883.3.88.12.3221.6.2).</summary>
    private static (AllergyIntolerance.AllergyIntoleranceType?, AllergyIntolerance.AllergyIntoleranceCategory?) TypeOf(string? code) => code switch
    {
        "416098002" => (AllergyIntolerance.AllergyIntoleranceType.Allergy, AllergyIntolerance.AllergyIntoleranceCategory.Medication),
        "59037007" => (AllergyIntolerance.AllergyIntoleranceType.Intolerance, AllergyIntolerance.AllergyIntoleranceCategory.Medication),
        "419511003" => (null, AllergyIntolerance.AllergyIntoleranceCategory.Medication),
        "414285001" => (AllergyIntolerance.AllergyIntoleranceType.Allergy, AllergyIntolerance.AllergyIntoleranceCategory.Food),
        "235719002" => (AllergyIntolerance.AllergyIntoleranceType.Intolerance, AllergyIntolerance.AllergyIntoleranceCategory.Food),
        "418471000" => (null, AllergyIntolerance.AllergyIntoleranceCategory.Food),
        "426232007" => (AllergyIntolerance.AllergyIntoleranceType.Allergy, AllergyIntolerance.AllergyIntoleranceCategory.Environment),
        "419199007" => (AllergyIntolerance.AllergyIntoleranceType.Allergy, null),
        _ => (null, null),
    };

    private static CodeableConcept NoKnownAllergy(string? typeCode) => typeCode switch
    {
        "416098002" or "59037007" or "419511003" => new CodeableConcept(Snomed, "409137002", "No known drug allergy"),
        "414285001" or "235719002" or "418471000" => new CodeableConcept(Snomed, "429625007", "No known food allergy"),
        "426232007" => new CodeableConcept(Snomed, "428607008", "No known environmental allergy"),
        _ => new CodeableConcept(Snomed, "716186003", "No known allergy"),
    };
}
