using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// Maps a parsed message to a collection Bundle: ADT^A01/A04/A08 → Patient + Encounter + Condition per DG1,
/// AllergyIntolerance per AL1, Procedure per PR1, Coverage per IN1, Observation per OBX (NTE → notes);
/// ORU^R01 → Patient (+ Encounter) + DiagnosticReport per OBR + Observation per OBX;
/// MDM^T02 → Patient (+ Encounter) + DocumentReference; RSP^K11 (an immunization history or forecast query response)
/// → Patient (+ Encounter) + Immunization per RXA with its OBX as Observations (MSA, QAK and QPD, the query's
/// envelope, are reported). Other message types are refused. Every segment that is
/// not mapped is named in <see cref="Hl7Conversion.NotImported"/> — nothing is dropped without a word.
/// </summary>
public sealed class Hl7ToFhirConverter(Hl7AdapterOptions? options = null)
{
    private readonly Hl7AdapterOptions _options = options ?? new Hl7AdapterOptions();

    public static IReadOnlyList<string> SupportedMessages { get; } = ["ADT^A01", "ADT^A04", "ADT^A08", "ORU^R01", "MDM^T02", "RSP^K11"];

    public Bundle Convert(Hl7Message message) => ConvertWithReport(message).Bundle;

    public Hl7Conversion ConvertWithReport(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = $"{message.MessageType}^{message.TriggerEvent}";
        var builder = new Hl7BundleBuilder(message);
        var mapped = new HashSet<int> { message.Header.Index };
        if (kind == "RSP^K11")
        {
            QueryResponse.EnsureOnePatient(message);
        }

        var pid = message.Required("PID");
        var patient = builder.Add(PatientMapper.Map(pid, _options), "patient");
        mapped.Add(pid.Index);
        var pv1 = message.Find("PV1");
        ResourceReference? encounter = null;
        switch (kind)
        {
            case "ADT^A01" or "ADT^A04" or "ADT^A08":
                pv1 = message.Required("PV1");
                encounter = builder.Add(EncounterMapper.Map(pv1, patient, _options), "encounter");
                mapped.Add(pv1.Index);
                MapAdtSegments(message, builder, patient, encounter, mapped);
                break;
            case "ORU^R01":
                encounter = MapVisit(pv1, builder, patient, mapped);
                MapResults(message, builder, patient, encounter, mapped);
                break;
            case "MDM^T02":
                encounter = MapVisit(pv1, builder, patient, mapped);
                builder.Add(DocumentMapper.Map(message, patient, encounter, _options), "document");
                mapped.UnionWith(message.Segments.Where(s => s.Name is "TXA" or "OBX").Select(s => s.Index));
                break;
            case "RSP^K11":
                encounter = MapVisit(pv1, builder, patient, mapped);
                ImmunizationMapper.MapGroups(message, builder, patient, encounter, mapped, _options);
                break;
            default:
                throw new Hl7ParseException(1, "MSH-9", $"message type {kind} is not supported (supported: {string.Join(", ", SupportedMessages)})");
        }

        var notImported = message.Segments.Where(s => !mapped.Contains(s.Index)).Select(s => $"{s.Name} (segment {s.Index})").ToList();
        return new Hl7Conversion(builder.Build(_options.AssumedOffset), notImported);
    }

    private ResourceReference? MapVisit(Hl7Segment? pv1, Hl7BundleBuilder builder, ResourceReference patient, HashSet<int> mapped)
    {
        if (pv1 is null)
        {
            return null;
        }

        mapped.Add(pv1.Index);
        return builder.Add(EncounterMapper.Map(pv1, patient, _options), "encounter");
    }

    private void MapAdtSegments(Hl7Message message, Hl7BundleBuilder builder, ResourceReference patient, ResourceReference encounter, HashSet<int> mapped)
    {
        Observation? lastObservation = null;
        foreach (var segment in message.Segments)
        {
            var role = $"{segment.Name.ToLowerInvariant()}/{segment.Index}";
            switch (segment.Name)
            {
                case "DG1":
                    builder.Add(ConditionMapper.Map(segment, patient, encounter, _options), role);
                    break;
                case "AL1" when segment.Field(3).IsEmpty:
                    // An AL1 naming no allergen states nothing that can be filed: reported, not a reason to refuse the visit.
                    continue;
                case "AL1":
                    builder.Add(AdtClinicalMapper.MapAllergy(segment, patient, _options), role);
                    break;
                case "PR1":
                    builder.Add(AdtClinicalMapper.MapProcedure(segment, patient, encounter, _options), role);
                    break;
                case "IN1":
                    builder.Add(AdtClinicalMapper.MapCoverage(segment, patient, _options), role);
                    break;
                case "OBX":
                    lastObservation = ObservationMapper.Map(segment, patient, null, _options);
                    lastObservation.Encounter = encounter;
                    builder.Add(lastObservation, role);
                    break;
                case "NTE" when lastObservation is not null:
                    AddNote(lastObservation, segment);
                    break;
                default:
                    continue;
            }

            mapped.Add(segment.Index);
        }
    }

    private void MapResults(Hl7Message message, Hl7BundleBuilder builder, ResourceReference patient, ResourceReference? encounter, HashSet<int> mapped)
    {
        DiagnosticReport? report = null;
        Observation? lastObservation = null;
        string? reportTime = null;
        var reportIndex = 0;
        foreach (var segment in message.Segments)
        {
            switch (segment.Name)
            {
                case "OBR":
                    reportTime = Hl7DateTime.ToFhirDateTime(segment.Field(7).Component(1), _options.AssumedOffset, segment.Index, "OBR-7");
                    report = ReportMapper.Map(segment, patient, encounter, reportTime, _options);
                    builder.Add(report, $"report/{reportIndex++}");
                    lastObservation = null;
                    break;
                case "OBX":
                    if (report is null)
                    {
                        throw new Hl7ParseException(segment.Index, "OBX", "OBX before any OBR in an ORU^R01 message");
                    }

                    lastObservation = ObservationMapper.Map(segment, patient, reportTime, _options);
                    lastObservation.Encounter = encounter;
                    report.Result.Add(builder.Add(lastObservation, $"report/{reportIndex - 1}/obx/{segment.Index}"));
                    break;
                case "NTE" when lastObservation is not null:
                    AddNote(lastObservation, segment);
                    break;
                default:
                    continue;
            }

            mapped.Add(segment.Index);
        }

        if (reportIndex == 0)
        {
            throw new Hl7ParseException(0, "OBR", "ORU^R01 message has no OBR segment");
        }
    }

    internal static void AddNote(Observation observation, Hl7Segment nte)
    {
        var comment = string.Join('\n', nte.Field(3).Repetitions.Select(r => r.Component(1)));
        if (comment.Length > 0)
        {
            observation.Note.Add(new Annotation { Text = new Markdown(comment) });
        }
    }
}

/// <summary>A converted message and the segments it carried that no mapping took (e.g. "NK1 (segment 4)").</summary>
public sealed record Hl7Conversion(Bundle Bundle, IReadOnlyList<string> NotImported);
