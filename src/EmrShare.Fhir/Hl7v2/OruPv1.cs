using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>Encounter → PV1 (the inverse of <see cref="EncounterMapper"/> for class, location, attending, visit number, period).</summary>
internal static class OruPv1
{
    public static string Write(Encounter encounter, Hl7Delimiters d)
    {
        var pv1 = new Hl7SegmentWriter("PV1", d);
        var patientClass = encounter.Class is { System: EncounterMapper.SiteClass, Code: { Length: > 0 } siteCode } ? siteCode : encounter.Class?.Code switch
        {
            "EMER" => "E",
            "IMP" or "ACUTE" or "NONAC" => "I",
            "PRENC" => "P",
            _ => "O",
        };
        var visit = encounter.Identifier.FirstOrDefault(i => i.Value is not null);
        var attending = encounter.Participant.FirstOrDefault(p => p.Type.Any(t => t.Coding.Any(c => c.Code == "ATND")))?.Individual;
        var (given, family) = SplitDisplay(attending?.Display);
        pv1.Set(1, "1")
            .Set(2, patientClass)
            .Set(3, pv1.Components(encounter.Location.FirstOrDefault()?.Location?.Display))
            .Set(7, attending is null ? string.Empty : pv1.Components(attending.Identifier?.Value, family, given))
            .Set(19, visit is null ? string.Empty : pv1.Components(visit.Value))
            .Set(44, Hl7DateTime.FromFhir(encounter.Period?.Start))
            .Set(45, Hl7DateTime.FromFhir(encounter.Period?.End));
        return pv1.ToString();
    }

    /// <summary>The mapper writes "given family" as display; split it back at the last space.</summary>
    private static (string? Given, string? Family) SplitDisplay(string? display)
    {
        if (string.IsNullOrEmpty(display))
        {
            return (null, null);
        }

        var space = display.LastIndexOf(' ');
        return space < 0 ? (null, display) : (display[..space], display[(space + 1)..]);
    }
}
