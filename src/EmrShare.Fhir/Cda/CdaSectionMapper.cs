using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Problems (LOINC 11450-4): Problem Observations → Condition. Results (LOINC 30954-2): organizers →
/// DiagnosticReport with their Observations. Vital Signs (LOINC 8716-3): organizer components → Observations in the
/// vital-signs category (LOINC codes, UCUM units).
/// </summary>
internal static class CdaSectionMapper
{
    private const string ProblemObservation = "2.16.840.1.113883.10.20.22.4.4";
    private const string ProblemStatus = "2.16.840.1.113883.10.20.22.4.6";

    // CCD 1.0 / C32 equivalents, as in the VA's Blue Button sample.
    private const string Ccd1ProblemObservation = "2.16.840.1.113883.10.20.1.28";
    private const string Ccd1ProblemStatus = "2.16.840.1.113883.10.20.1.50";

    public static int MapProblems(XElement statement, CdaEntry entry)
    {
        var observations = statement.DescendantsAndSelf(V3 + "observation").Where(IsProblemObservation).ToList();
        if (observations.Count == 0)
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} holds no problem observation");
        }

        var mapped = 0;
        entry.Consume(observations);
        foreach (var (observation, i) in observations.Select((o, i) => (o, i)))
        {
            if ((string?)observation.Attribute("negationInd") == "true")
            {
                entry.NotImported("a negated problem observation (the problem is stated as absent)");
                entry.Consume(observation.Descendants());
                continue;
            }

            if (Condition(observation, entry, $"{entry.Location}/observation[{i}]") is { } condition)
            {
                entry.Add(condition, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                mapped++;
            }
        }

        return mapped;
    }

    public static int MapResults(XElement statement, CdaEntry entry)
    {
        if (statement.Name != V3 + "organizer")
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a result organizer");
        }

        var report = Report(statement, entry.Patient);
        var results = 0;
        foreach (var observation in Components(statement))
        {
            entry.Consume(observation);
            report.Result.Add(entry.Add(Observation(observation, entry.Patient, $"{entry.Location}/observation[{results}]"), $"result/{results}"));
            results++;
        }

        entry.Add(report, "report");
        return results + 1;
    }

    public static int MapVitalSigns(XElement statement, CdaEntry entry)
    {
        var observations = statement.Name == V3 + "organizer" ? Components(statement).ToList() : statement.Name == V3 + "observation" ? [statement] : [];
        if (observations.Count == 0)
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} holds no vital sign observation");
        }

        entry.Consume(observations);
        var panelTime = CdaValues.DateTime(statement.Element(V3 + "effectiveTime") is { } t && t.Attribute("value") is null ? t.Element(V3 + "low") : statement.Element(V3 + "effectiveTime"), entry.Location + "/effectiveTime");
        foreach (var (observation, i) in observations.Select((o, i) => (o, i)))
        {
            var vital = Observation(observation, entry.Patient, $"{entry.Location}/observation[{i}]");
            vital.Category.Add(new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs"));
            if (vital.Effective is null && panelTime is not null)
            {
                vital.Effective = new FhirDateTime(panelTime);
            }

            entry.Add(vital, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return observations.Count;
    }

    private static IEnumerable<XElement> Components(XElement organizer) =>
        organizer.Elements(V3 + "component").Select(c => c.Element(V3 + "observation")).OfType<XElement>();

    /// <summary>
    /// Only Problem Observations (…22.4.4) are diagnoses. Problem Status (…22.4.6), Health Status (…22.4.5), Age
    /// (…22.4.31) and other observations nested in a problem describe it and are never Conditions themselves; an
    /// observation without any templateId counts when it is not nested in another observation.
    /// </summary>
    public static bool IsProblemObservation(XElement observation)
    {
        var templates = observation.Elements(V3 + "templateId").Select(t => (string?)t.Attribute("root")).ToList();
        return templates.Contains(ProblemObservation) || templates.Contains(Ccd1ProblemObservation)
            || (templates.Count == 0 && !observation.Ancestors(V3 + "observation").Any());
    }

    private static Condition? Condition(XElement observation, CdaEntry entry, string location)
    {
        var code = Concept(observation.Element(V3 + "value"));
        if (code is null)
        {
            entry.NotImported("a problem observation without a coded or named problem");
            entry.Consume(observation.Descendants());
            return null;
        }

        var time = observation.Element(V3 + "effectiveTime");
        var onset = CdaValues.DateTime(time?.Element(V3 + "low") ?? (time?.Attribute("value") is null ? null : time), location + "/effectiveTime/low");
        var abatement = CdaValues.DateTime(time?.Element(V3 + "high"), location + "/effectiveTime/high");
        var stated = StatusObservations(observation).ToList();
        entry.Consume(stated);
        var status = stated.Select(StatusOf).FirstOrDefault(s => s is not null) ?? (abatement is null ? "active" : "resolved");
        if (status == "active" && abatement is not null)
        {
            // FHIR forbids an abated Condition that is active (con-4); the stated status wins and the end date is reported.
            entry.NotImported("the resolution date of a problem whose status observation says Active");
            abatement = null;
        }

        return new Condition
        {
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", status),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item", "Problem List Item")],
            Code = code,
            Subject = entry.Patient,
            Onset = onset is null ? null : new FhirDateTime(onset),
            Abatement = abatement is null ? null : new FhirDateTime(abatement),
        };
    }

    private static IEnumerable<XElement> StatusObservations(XElement problem) =>
        problem.Descendants(V3 + "observation").Where(o => HasTemplate(o, ProblemStatus, Ccd1ProblemStatus));

    /// <summary>The clinical status a Problem Status observation (…22.4.6) states, by its SNOMED CT value.</summary>
    private static string? StatusOf(XElement status) => (string?)status.Element(V3 + "value")?.Attribute("code") switch
    {
        "55561003" => "active",
        "73425007" => "inactive",
        "413322009" => "resolved",
        _ => null,
    };

    /// <summary>CDA nullFlavor → FHIR data-absent-reason.</summary>
    private static string AbsentReason(string nullFlavor) => nullFlavor switch
    {
        "ASKU" => "asked-unknown",
        "NAV" => "temp-unknown",
        "NASK" => "not-asked",
        "MSK" => "masked",
        "NA" => "not-applicable",
        "NAN" or "NINF" or "PINF" => "not-a-number",
        _ => "unknown",
    };

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
            Code = Concept(observation.Element(V3 + "code")) ?? throw new CdaEntryNotMappedException("an observation without a code"),
            Subject = patient,
        };
        var effective = CdaValues.DateTime(observation.Element(V3 + "effectiveTime"), location + "/effectiveTime");
        if (effective is not null)
        {
            result.Effective = new FhirDateTime(effective);
        }

        if (observation.Element(V3 + "value") is { } value)
        {
            if (value.Attribute("nullFlavor") is { } nullFlavor)
            {
                result.DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", AbsentReason(nullFlavor.Value));
            }
            else
            {
                result.Value = XsiType(value) switch
                {
                    "PQ" => Quantity(value, location + "/value"),
                    "CD" or "CE" or "CO" or "CV" => Concept(value),
                    "ST" or "ED" => Text(value) is { } text ? new FhirString(text) : null,
                    "INT" => int.TryParse((string?)value.Attribute("value"), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                        ? new Integer(n) : throw new CdaFormatException(location + "/value", "INT value is not a whole number"),
                    "BL" => (string?)value.Attribute("value") switch
                    {
                        "true" => new FhirBoolean(true),
                        "false" => new FhirBoolean(false),
                        _ => throw new CdaFormatException(location + "/value", "BL value is neither true nor false"),
                    },
                    var other => throw new CdaEntryNotMappedException($"an observation value of type {other ?? "(none)"} (supported: PQ, CD, CE, CO, CV, ST, ED, INT, BL)"),
                };
            }
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
