using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>Problem observations → Condition; result organizers/observations → DiagnosticReport/Observation.</summary>
internal static class CdaSectionMapper
{
    private const string ProblemObservation = "2.16.840.1.113883.10.20.22.4.4";
    private const string ProblemStatus = "2.16.840.1.113883.10.20.22.4.6";

    /// <summary>
    /// Only Problem Observations (…22.4.4) are diagnoses. Problem Status (…22.4.6), Health Status (…22.4.5), Age
    /// (…22.4.31) and other observations nested in a problem describe it and are never Conditions themselves; an
    /// observation without any templateId counts when it is not nested in another observation.
    /// </summary>
    public static bool IsProblemObservation(XElement observation)
    {
        var templates = observation.Elements(V3 + "templateId").Select(t => (string?)t.Attribute("root")).ToList();
        return templates.Contains(ProblemObservation)
            || (templates.Count == 0 && !observation.Ancestors(V3 + "observation").Any());
    }

    public static Condition Condition(XElement observation, ResourceReference patient, string location)
    {
        var code = Concept(observation.Element(V3 + "value"))
            ?? throw new CdaFormatException(location + "/value", "problem observation has no coded value");
        var time = observation.Element(V3 + "effectiveTime");
        var onset = CdaValues.DateTime(time?.Element(V3 + "low"), location + "/effectiveTime/low");
        var abatement = CdaValues.DateTime(time?.Element(V3 + "high"), location + "/effectiveTime/high");
        return new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", StatusOf(observation) ?? (abatement is null ? "active" : "resolved")),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")],
            Code = code,
            Subject = patient,
            Onset = onset is null ? null : new FhirDateTime(onset),
            Abatement = abatement is null ? null : new FhirDateTime(abatement),
        };
    }

    /// <summary>The clinical status a nested Problem Status observation (…22.4.6) states, by its SNOMED CT value.</summary>
    private static string? StatusOf(XElement problem) =>
        problem.Descendants(V3 + "observation")
            .Where(o => o.Elements(V3 + "templateId").Any(t => (string?)t.Attribute("root") == ProblemStatus))
            .Select(o => (string?)o.Element(V3 + "value")?.Attribute("code") switch
            {
                "55561003" => "active",
                "73425007" => "inactive",
                "413322009" => "resolved",
                _ => null,
            })
            .FirstOrDefault(s => s is not null);

    public static DiagnosticReport Report(XElement organizer, ResourceReference patient) => new()
    {
        Status = (string?)organizer.Element(V3 + "statusCode")?.Attribute("code") == "active"
            ? DiagnosticReport.DiagnosticReportStatus.Preliminary
            : DiagnosticReport.DiagnosticReportStatus.Final,
        Code = Concept(organizer.Element(V3 + "code")) ?? new CodeableConcept { Text = "Results" },
        Subject = patient,
    };

    public static Observation Observation(XElement observation, ResourceReference patient, string location)
    {
        var result = new Observation
        {
            Status = (string?)observation.Element(V3 + "statusCode")?.Attribute("code") == "active" ? ObservationStatus.Preliminary : ObservationStatus.Final,
            Code = Concept(observation.Element(V3 + "code")) ?? throw new CdaFormatException(location + "/code", "result observation has no code"),
            Subject = patient,
        };
        var effective = CdaValues.DateTime(observation.Element(V3 + "effectiveTime"), location + "/effectiveTime");
        if (effective is not null)
        {
            result.Effective = new FhirDateTime(effective);
        }

        if (observation.Element(V3 + "value") is { } value)
        {
            result.Value = XsiType(value) switch
            {
                "PQ" => Quantity(value, location + "/value"),
                "CD" or "CE" or "CO" or "CV" => Concept(value),
                "ST" or "ED" => new FhirString(value.Value.Trim()),
                var other => throw new CdaFormatException(location + "/value", $"value type '{other ?? "(none)"}' is not supported (PQ, CD, CE, CO, CV, ST)"),
            };
        }

        foreach (var interpretation in observation.Elements(V3 + "interpretationCode"))
        {
            if (Concept(interpretation) is { } concept)
            {
                result.Interpretation.Add(concept);
            }
        }

        var range = observation.Element(V3 + "referenceRange")?.Element(V3 + "observationRange")?.Element(V3 + "value");
        if (range is not null)
        {
            result.ReferenceRange.Add(new Observation.ReferenceRangeComponent
            {
                Low = range.Element(V3 + "low") is { } low ? Quantity(low, location + "/referenceRange/low") : null,
                High = range.Element(V3 + "high") is { } high ? Quantity(high, location + "/referenceRange/high") : null,
            });
        }

        return result;
    }
}
