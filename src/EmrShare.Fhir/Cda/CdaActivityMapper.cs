using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// Procedures (LOINC 47519-4): procedure, observation or act entries (…22.4.14/13/12) in event mood → Procedure.
/// Encounters (LOINC 46240-8): Encounter Activity (…22.4.49) → Encounter. Plan of Care (LOINC 18776-5): planned
/// observations, procedures, encounters and acts (…22.4.44/41/40/39) → ServiceRequest (intent from the mood).
/// </summary>
internal static class CdaActivityMapper
{
    private static readonly string[] Activities = ["procedure", "observation", "act", "encounter"];

    public static int MapProcedure(XElement statement, CdaEntry entry)
    {
        if ((string?)statement.Attribute("moodCode") is { } mood && mood != "EVN")
        {
            return MapPlanned(statement, entry);
        }

        if (!Activities.Contains(statement.Name.LocalName))
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not a procedure activity");
        }

        var procedure = new Procedure
        {
            Code = Concept(statement.Element(V3 + "code")) ?? throw new CdaEntryNotMappedException("procedure activity has no code"),
            Subject = entry.Patient,
            Status = (string?)statement.Element(V3 + "statusCode")?.Attribute("code") switch
            {
                "completed" => EventStatus.Completed,
                "active" => EventStatus.InProgress,
                "aborted" => EventStatus.Stopped,
                "cancelled" => EventStatus.NotDone,
                "new" => EventStatus.Preparation,
                "held" or "suspended" => EventStatus.OnHold,
                _ => EventStatus.Unknown,
            },
            Performed = When(statement, entry.Location),
        };
        if (Concept(statement.Element(V3 + "targetSiteCode")) is { } site)
        {
            procedure.BodySite.Add(site);
        }

        procedure.ReasonCode.AddRange(CdaMedicationMapper.Indications(statement));
        entry.Consume(CdaMedicationMapper.IndicationObservations(statement));
        entry.Add(procedure, "0");
        return 1;
    }

    public static int MapEncounter(XElement statement, CdaEntry entry)
    {
        if (statement.Name != V3 + "encounter")
        {
            throw new CdaEntryNotMappedException($"{statement.Name.LocalName} is not an encounter activity");
        }

        if ((string?)statement.Attribute("moodCode") is { } mood && mood != "EVN")
        {
            return MapPlanned(statement, entry);
        }

        var code = statement.Element(V3 + "code");
        var actCode = new[] { code }.Concat(code?.Elements(V3 + "translation") ?? [])
            .FirstOrDefault(c => (string?)c?.Attribute("codeSystem") == "2.16.840.1.113883.5.4" && c.Attribute("code") is not null);
        var encounter = new Encounter
        {
            // An Encounter Activity records an encounter that took place; its class is the ActCode the source gives,
            // or explicitly unknown (R4 requires a class).
            Status = (string?)statement.Element(V3 + "statusCode")?.Attribute("code") switch
            {
                "active" => Encounter.EncounterStatus.InProgress,
                "cancelled" or "aborted" => Encounter.EncounterStatus.Cancelled,
                "nullified" => Encounter.EncounterStatus.EnteredInError,
                _ => Encounter.EncounterStatus.Finished,
            },
            Class = actCode is null
                ? new Coding("http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "UNK", "unknown")
                : new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", (string?)actCode.Attribute("code"), (string?)actCode.Attribute("displayName")),
            Subject = entry.Patient,
            Period = Period(EffectiveTime(statement), entry.Location + "/effectiveTime"),
        };
        if (Concept(code) is { } type)
        {
            encounter.Type.Add(type);
        }

        encounter.ReasonCode.AddRange(CdaMedicationMapper.Indications(statement));
        entry.Consume(CdaMedicationMapper.IndicationObservations(statement));
        entry.Add(encounter, "0");
        return 1;
    }

    /// <summary>A planned activity (mood INT, RQO, PRP, ARQ, PRMS, APT) → ServiceRequest.</summary>
    public static int MapPlanned(XElement statement, CdaEntry entry)
    {
        var mood = (string?)statement.Attribute("moodCode");
        if (!Activities.Contains(statement.Name.LocalName) || mood is null or "EVN" or "GOL")
        {
            throw new CdaEntryNotMappedException(mood == "GOL" ? "a goal observation" : $"{statement.Name.LocalName} in mood {mood ?? "(none)"} is not a planned activity");
        }

        var request = new ServiceRequest
        {
            Code = Concept(statement.Element(V3 + "code")) ?? throw new CdaEntryNotMappedException("planned activity has no code"),
            Subject = entry.Patient,
            Intent = mood switch
            {
                "RQO" => RequestIntent.Order,
                "PRP" => RequestIntent.Proposal,
                _ => RequestIntent.Plan,
            },
            Status = (string?)statement.Element(V3 + "statusCode")?.Attribute("code") switch
            {
                "new" or "active" => RequestStatus.Active,
                "completed" => RequestStatus.Completed,
                "cancelled" or "aborted" => RequestStatus.Revoked,
                "held" or "suspended" => RequestStatus.OnHold,
                "nullified" => RequestStatus.EnteredInError,
                _ => RequestStatus.Unknown,
            },
            Occurrence = When(statement, entry.Location),
        };
        entry.Add(request, "0");
        return 1;
    }

    /// <summary>A single time (value or center) as a dateTime, a range as a Period.</summary>
    private static DataType? When(XElement statement, string location)
    {
        var time = EffectiveTime(statement);
        var period = Period(time, location + "/effectiveTime");
        if (period is null)
        {
            return null;
        }

        return time!.Attribute("value") is not null || time.Element(V3 + "center") is not null || period.Start == period.End
            ? new FhirDateTime(period.Start)
            : period;
    }
}
