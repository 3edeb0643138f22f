using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>OBR → DiagnosticReport (service code, filler/placer numbers, status, effective and issued times).</summary>
internal static class ReportMapper
{
    public static DiagnosticReport Map(Hl7Segment obr, ResourceReference patient, ResourceReference? encounter, string? effective, Hl7AdapterOptions options)
    {
        var report = new DiagnosticReport
        {
            Status = obr.Field(25).Value switch
            {
                "F" => DiagnosticReport.DiagnosticReportStatus.Final,
                "P" or "R" or "S" => DiagnosticReport.DiagnosticReportStatus.Preliminary,
                "C" => DiagnosticReport.DiagnosticReportStatus.Corrected,
                "A" => DiagnosticReport.DiagnosticReportStatus.Partial,
                "X" => DiagnosticReport.DiagnosticReportStatus.Cancelled,
                "I" or "O" => DiagnosticReport.DiagnosticReportStatus.Registered,
                "" => DiagnosticReport.DiagnosticReportStatus.Unknown,
                var other => throw new Hl7ParseException(obr.Index, "OBR-25", $"unknown result status '{other}' (table 0123)"),
            },
            Code = Hl7DataTypes.ToCodeableConcept(obr.Required(4, "universal service identifier").First)!,
            Subject = patient,
            Encounter = encounter,
            Issued = Hl7DateTime.ToInstant(obr.Field(22).Component(1), options.AssumedOffset, obr.Index, "OBR-22"),
        };

        if (effective is not null)
        {
            report.Effective = new FhirDateTime(effective);
        }

        AddOrderNumber(report, obr.Field(2).First, "PLAC");
        AddOrderNumber(report, obr.Field(3).First, "FILL");
        return report;
    }

    private static void AddOrderNumber(DiagnosticReport report, Hl7Repetition? ei, string type)
    {
        if (ei is null || ei.Component(1).Length == 0)
        {
            return;
        }

        report.Identifier.Add(new Identifier(Hl7DataTypes.AuthorityToSystem(ei.Component(2), ei.Component(3), ei.Component(4)), ei.Component(1))
        {
            Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", type),
        });
    }
}
