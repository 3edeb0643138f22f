using System.Globalization;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Social History (LOINC 29762-2) → Observations in the social-history category (smoking status under LOINC
/// 72166-2); Family History (LOINC 10157-6) → FamilyMemberHistory per organizer; Functional Status (LOINC 47420-5) →
/// result organizers as reports, problem observations as Conditions, other observations in the functional-status
/// category. Nested parts no mapping takes are reported (<see cref="CdaNested"/>).
/// </summary>
internal static class CdaHistoryMapper
{
    private const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string UsCoreCategory = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";
    private const string SmokingStatus = "2.16.840.1.113883.10.20.22.4.78";
    private const string DeathObservation = "2.16.840.1.113883.10.20.22.4.47";
    private const string AgeObservation = "2.16.840.1.113883.10.20.22.4.31";
    private const string Ccd1AgeObservation = "2.16.840.1.113883.10.20.1.38";
    private const string CognitiveStatus = "2.16.840.1.113883.10.20.22.4.74";
    private const string CognitiveProblem = "2.16.840.1.113883.10.20.22.4.73";
    private const string Dead = "419099009";

    private static readonly XNamespace Sdtc = "urn:hl7-org:sdtc";

    public static int MapSocialHistory(XElement statement, CdaEntry entry) => Whole(entry, () => Social(statement, entry));

    public static int MapFunctionalStatus(XElement statement, CdaEntry entry) => Whole(entry, () => Functional(statement, entry));

    public static int MapFamilyHistory(XElement statement, CdaEntry entry) => Whole(entry, () => Family(statement, entry));

    /// <summary>
    /// These sections were reported whole before they were mapped, so a malformed value in one of their entries (a
    /// public sample's 9-digit date) reports that entry instead of refusing a document that used to import. What
    /// the entry had added is taken back first: an entry is imported whole or reported.
    /// </summary>
    private static int Whole(CdaEntry entry, Func<int> map)
    {
        var entries = entry.Builder.Bundle.Entry.Count;
        var reported = entry.Builder.NotImported.Count;
        try
        {
            return map();
        }
        catch (CdaFormatException e)
        {
            entry.Builder.Bundle.Entry.RemoveRange(entries, entry.Builder.Bundle.Entry.Count - entries);
            entry.Builder.NotImported.RemoveRange(reported, entry.Builder.NotImported.Count - reported);
            throw new CdaEntryNotMappedException($"{e.Location}: {e.Reason}");
        }
    }

    private static int Social(XElement statement, CdaEntry entry)
    {
        if (statement.Name != V3 + "observation")
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a social history observation");
        }

        if ((string?)statement.Attribute("negationInd") == "true")
        {
            throw new CdaEntryNotMappedException("a negated social history observation");
        }

        var observation = Observation(statement, entry, entry.Location);
        if (HasTemplate(statement, SmokingStatus))
        {
            // C-CDA R1.1 codes the smoking status observation ASSERTION; FHIR names it by LOINC.
            observation.Code = new CodeableConcept("http://loinc.org", "72166-2", "Tobacco smoking status");
        }

        observation.Category.Add(new CodeableConcept(ObservationCategory, "social-history", "Social History"));
        entry.Add(observation, "observation");
        return 1;
    }

    private static int Functional(XElement statement, CdaEntry entry)
    {
        if (statement.Name == V3 + "organizer")
        {
            var before = entry.Builder.Bundle.Entry.Count;
            var mapped = CdaSectionMapper.MapResults(statement, entry);
            foreach (var added in entry.Builder.Bundle.Entry.Skip(before).Select(e => e.Resource).OfType<Observation>())
            {
                added.Category.Add(FunctionalCategory(statement));
            }

            return mapped;
        }

        if (statement.Name == V3 + "act")
        {
            // CCD 1.0 wraps a functional status problem in a problem act.
            return CdaSectionMapper.MapProblems(statement, entry);
        }

        if (statement.Name != V3 + "observation")
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a functional status observation");
        }

        if (CdaSectionMapper.IsProblemObservation(statement) && Templates(statement).Any())
        {
            return CdaSectionMapper.MapProblems(statement, entry);
        }

        var observation = Observation(statement, entry, entry.Location);
        observation.Category.Add(FunctionalCategory(statement));
        entry.Add(observation, "observation");
        return 1;
    }

    private static int Family(XElement statement, CdaEntry entry)
    {
        if (statement.Name != V3 + "organizer")
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a family history organizer (it names no relative)");
        }

        var relative = statement.Element(V3 + "subject")?.Element(V3 + "relatedSubject");
        var history = new FamilyMemberHistory
        {
            Status = FamilyMemberHistory.FamilyHistoryStatus.Completed,
            Patient = entry.Patient,
            Relationship = Concept(relative?.Element(V3 + "code")) ?? throw new CdaEntryNotMappedException("a family history organizer that names no relationship"),
        };
        var person = relative?.Element(V3 + "subject");
        history.Sex = (string?)person?.Element(V3 + "administrativeGenderCode")?.Attribute("code") switch
        {
            "M" => new CodeableConcept("http://hl7.org/fhir/administrative-gender", "male"),
            "F" => new CodeableConcept("http://hl7.org/fhir/administrative-gender", "female"),
            "UN" => new CodeableConcept("http://hl7.org/fhir/administrative-gender", "other"),
            _ => null,
        };
        if (CdaValues.DateTime(person?.Element(V3 + "birthTime"), entry.Location + "/subject/birthTime") is { } born)
        {
            history.Born = new Date(born.Length > 10 ? born[..10] : born);
        }

        var observations = statement.Elements(V3 + "component").Select(c => c.Element(V3 + "observation")).OfType<XElement>().ToList();
        var consumed = new List<XElement>(observations);
        foreach (var (observation, i) in observations.Select((o, i) => (o, i)))
        {
            var location = string.Create(CultureInfo.InvariantCulture, $"{entry.Location}/observation[{i}]");
            if (Concept(observation.Element(V3 + "value")) is not { } code)
            {
                entry.NotImported("a family history observation without a coded or named condition");
                continue;
            }

            var condition = new FamilyMemberHistory.ConditionComponent { Code = code };
            var nested = observation.Elements(V3 + "entryRelationship").Select(r => r.Element(V3 + "observation")).OfType<XElement>().ToList();
            if (nested.FirstOrDefault(o => HasTemplate(o, AgeObservation, Ccd1AgeObservation)) is { } age)
            {
                condition.Onset = Onset(age.Element(V3 + "value"), location);
                consumed.Add(age);
            }

            if (CdaValues.DateTime(observation.Element(V3 + "effectiveTime"), location + "/effectiveTime") is { } when)
            {
                // FHIR's onset is an age or a period, not both: a stated date beside the age travels as a note.
                if (condition.Onset is null)
                {
                    condition.Onset = new Period { Start = when };
                }
                else
                {
                    condition.Note.Add(new Annotation { Text = "onset date " + when });
                }
            }

            if (nested.FirstOrDefault(o => HasTemplate(o, DeathObservation) || (string?)o.Element(V3 + "value")?.Attribute("code") == Dead) is { } death)
            {
                condition.ContributedToDeath = true;
                history.Deceased = new FhirBoolean(true);
                consumed.Add(death);
            }

            history.Condition.Add(condition);
        }

        if ((string?)person?.Element(Sdtc + "deceasedInd")?.Attribute("value") == "true")
        {
            history.Deceased = new FhirBoolean(true);
        }

        entry.Add(history, "history");
        entry.Consume(consumed);
        return 1;
    }

    /// <summary>An age at onset: PQ with a time unit → Age (UCUM); a bare number (CCD 1.0's INT) states no unit, so it stays text.</summary>
    private static DataType? Onset(XElement? value, string location) => value is null ? null : XsiType(value) switch
    {
        "PQ" when (string?)value.Attribute("unit") is "a" or "mo" or "wk" or "d" => new Age
        {
            Value = CdaValues.Quantity(value, location + "/age").Value,
            Unit = (string?)value.Attribute("unit"),
            Code = (string?)value.Attribute("unit"),
            System = "http://unitsofmeasure.org",
        },
        _ when (string?)value.Attribute("value") is { Length: > 0 } text => new FhirString($"age {text}{((string?)value.Attribute("unit") is { } unit ? " " + unit : " (unit not stated)")}"),
        _ => null,
    };

    private static Observation Observation(XElement statement, CdaEntry entry, string location)
    {
        var observation = CdaSectionMapper.Observation(statement, entry.Patient, location);
        if (observation.Effective is null && CdaValues.Period(EffectiveTime(statement), location + "/effectiveTime") is { } period)
        {
            observation.Effective = period.End is null ? new FhirDateTime(period.Start) : period;
        }

        return observation;
    }

    private static CodeableConcept FunctionalCategory(XElement statement) =>
        HasTemplate(statement, CognitiveStatus, CognitiveProblem) || statement.Elements(V3 + "component").Any(c => c.Element(V3 + "observation") is { } o && HasTemplate(o, CognitiveStatus))
            ? new CodeableConcept(UsCoreCategory, "cognitive-status", "Cognitive Status")
            : new CodeableConcept(UsCoreCategory, "functional-status", "Functional Status");
}
