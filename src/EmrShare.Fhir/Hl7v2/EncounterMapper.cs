using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>PV1 → Encounter (class, location, attending doctor, visit number, admit/discharge times).</summary>
internal static class EncounterMapper
{
    private const string ActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>HL7 v2 table 0004 (patient class), user-defined: site codes such as OP are kept as sent.</summary>
    public const string SiteClass = "http://terminology.hl7.org/CodeSystem/v2-0004";

    public static Encounter Map(Hl7Segment pv1, ResourceReference patient, Hl7AdapterOptions options)
    {
        var patientClass = pv1.Required(2, "patient class").Value;
        var (code, display) = patientClass switch
        {
            "E" => ("EMER", "emergency"),
            "I" or "B" => ("IMP", "inpatient encounter"),
            "O" or "R" or "N" => ("AMB", "ambulatory"),
            "P" => ("PRENC", "pre-admission"),
            // Table 0004 is user-defined: a site's own class (e.g. OP) is kept as sent, under the v2 table's system.
            _ => (patientClass, (string?)null),
        };

        var start = Hl7DateTime.ToFhirDateTime(pv1.Field(44).Component(1), options.AssumedOffset, pv1.Index, "PV1-44");
        var end = Hl7DateTime.ToFhirDateTime(pv1.Field(45).Component(1), options.AssumedOffset, pv1.Index, "PV1-45");
        var encounter = new Encounter
        {
            Status = end is null ? Encounter.EncounterStatus.InProgress : Encounter.EncounterStatus.Finished,
            Class = display is null ? new Coding(SiteClass, code) : new Coding(ActCode, code, display),
            Subject = patient,
        };

        if (start is not null || end is not null)
        {
            encounter.Period = new Period { Start = start, End = end };
        }

        if (pv1.Field(3).First is { IsEmpty: false } pl)
        {
            var where = string.Join(' ', new[] { pl.Component(4), pl.Component(1), pl.Component(2), pl.Component(3) }.Where(s => s.Length > 0));
            encounter.Location.Add(new Encounter.LocationComponent { Location = new ResourceReference { Display = where } });
        }

        if (Hl7DataTypes.ToPractitionerReference(pv1.Field(7).First) is { } attending)
        {
            encounter.Participant.Add(new Encounter.ParticipantComponent
            {
                Type = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender")],
                Individual = attending,
            });
        }

        if (pv1.Field(19).First is { } visit && Hl7DataTypes.ToIdentifier(visit) is { } visitNumber)
        {
            encounter.Identifier.Add(visitNumber);
        }

        return encounter;
    }
}
