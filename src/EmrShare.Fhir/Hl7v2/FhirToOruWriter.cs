using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// FHIR Bundle (Patient, optional Encounter, DiagnosticReports, Observations) → ORU^R01 v2.5 in UTF-8, so a hospital whose EMR
/// only speaks HL7 v2 can receive shared results. Codes and systems, values, units, reference ranges,
/// interpretations, statuses and times are carried over; an Observation no report lists is sent under an OBR
/// carrying its own code.
/// </summary>
public sealed class FhirToOruWriter(Hl7AdapterOptions? options = null, TimeProvider? time = null)
{
    private readonly Hl7AdapterOptions _options = options ?? new Hl7AdapterOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string Write(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var d = Hl7Delimiters.Default;
        var resources = bundle.Entry.Where(e => e.Resource is not null).ToList();
        var patient = resources.Select(e => e.Resource).OfType<Patient>().FirstOrDefault()
            ?? throw new Hl7MappingException("an ORU^R01 message needs a Patient in the Bundle");
        if (!patient.Identifier.Any(i => !string.IsNullOrEmpty(i.Value)))
        {
            throw new Hl7MappingException("the Patient has no identifier value for PID-3");
        }

        var observations = resources.Where(e => e.Resource is Observation).ToList();
        if (observations.Count == 0)
        {
            throw new Hl7MappingException("an ORU^R01 message needs at least one Observation in the Bundle");
        }

        var lines = new List<string> { Msh(d), OruPid.Write(patient, d) };
        if (resources.Select(e => e.Resource).OfType<Encounter>().FirstOrDefault() is { } encounter)
        {
            lines.Add(OruPv1.Write(encounter, d));
        }

        var written = new HashSet<Observation>(ReferenceEqualityComparer.Instance);
        var obrIndex = 0;
        foreach (var report in resources.Select(e => e.Resource).OfType<DiagnosticReport>())
        {
            lines.Add(OruResults.Obr(++obrIndex, report.Code, report.Effective, report.Issued, ReportStatus(report.Status), report.Identifier, d));
            var setId = 0;
            foreach (var reference in report.Result)
            {
                var observation = Resolve(reference, observations);
                if (observation is not null && written.Add(observation))
                {
                    lines.AddRange(OruResults.Obx(++setId, observation, d));
                }
            }
        }

        foreach (var observation in observations.Select(e => e.Resource).OfType<Observation>().Where(o => !written.Contains(o)))
        {
            lines.Add(OruResults.Obr(++obrIndex, observation.Code, observation.Effective, null, "F", [], d));
            lines.AddRange(OruResults.Obx(1, observation, d));
        }

        return string.Join('\r', lines) + "\r";
    }

    public byte[] WriteUtf8(Bundle bundle) => Encoding.UTF8.GetBytes(Write(bundle));

    private string Msh(Hl7Delimiters d)
    {
        var now = _time.GetUtcNow();
        var msh = new Hl7SegmentWriter("MSH", d);
        var controlId = now.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..6];

        // MSH-1 is the separator itself, so field n of the writer is MSH-(n+1).
        msh.Set(1, d.EncodingCharacters)
            .Set(2, msh.Leaf(_options.SendingApplication))
            .Set(3, msh.Leaf(_options.SendingFacility))
            .Set(4, msh.Leaf(_options.ReceivingApplication))
            .Set(5, msh.Leaf(_options.ReceivingFacility))
            .Set(6, Hl7DateTime.FromInstant(now))
            .Set(8, msh.Components("ORU", "R01", "ORU_R01"))
            .Set(9, controlId)
            .Set(10, _options.ProcessingId)
            .Set(11, "2.5")
            .Set(17, "UNICODE UTF-8");
        return msh.ToString();
    }

    private static Observation? Resolve(ResourceReference reference, List<Bundle.EntryComponent> observations)
    {
        var target = reference.Reference;
        return observations.FirstOrDefault(e => e.FullUrl == target
            || (target is not null && e.Resource?.Id is not null && target.EndsWith("Observation/" + e.Resource!.Id, StringComparison.Ordinal)))?.Resource as Observation;
    }

    private static string ReportStatus(DiagnosticReport.DiagnosticReportStatus? status) => status switch
    {
        DiagnosticReport.DiagnosticReportStatus.Preliminary => "P",
        DiagnosticReport.DiagnosticReportStatus.Corrected or DiagnosticReport.DiagnosticReportStatus.Amended => "C",
        DiagnosticReport.DiagnosticReportStatus.Partial => "A",
        DiagnosticReport.DiagnosticReportStatus.Cancelled => "X",
        DiagnosticReport.DiagnosticReportStatus.Registered => "I",
        DiagnosticReport.DiagnosticReportStatus.Unknown or null => string.Empty,
        _ => "F",
    };
}
