using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// Maps a parsed message to a collection Bundle: ADT^A01/A04/A08 → Patient + Encounter (+ DG1 Conditions),
/// ORU^R01 → Patient (+ Encounter) + DiagnosticReport per OBR + Observation per OBX,
/// MDM^T02 → Patient (+ Encounter) + DocumentReference. Other message types are refused.
/// </summary>
public sealed class Hl7ToFhirConverter(Hl7AdapterOptions? options = null)
{
    private readonly Hl7AdapterOptions _options = options ?? new Hl7AdapterOptions();

    public static IReadOnlyList<string> SupportedMessages { get; } = ["ADT^A01", "ADT^A04", "ADT^A08", "ORU^R01", "MDM^T02"];

    public Bundle Convert(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = $"{message.MessageType}^{message.TriggerEvent}";
        var builder = new Hl7BundleBuilder(message);
        var patient = builder.Add(PatientMapper.Map(message.Required("PID"), _options), "patient");
        var pv1 = message.Find("PV1");
        ResourceReference? encounter = null;
        switch (kind)
        {
            case "ADT^A01" or "ADT^A04" or "ADT^A08":
                encounter = builder.Add(EncounterMapper.Map(message.Required("PV1"), patient, _options), "encounter");
                foreach (var (dg1, i) in message.All("DG1").Select((s, i) => (s, i)))
                {
                    builder.Add(ConditionMapper.Map(dg1, patient, encounter, _options), $"condition/{i}");
                }

                break;
            case "ORU^R01":
                encounter = pv1 is null ? null : builder.Add(EncounterMapper.Map(pv1, patient, _options), "encounter");
                MapResults(message, builder, patient, encounter);
                break;
            case "MDM^T02":
                encounter = pv1 is null ? null : builder.Add(EncounterMapper.Map(pv1, patient, _options), "encounter");
                builder.Add(DocumentMapper.Map(message, patient, encounter, _options), "document");
                break;
            default:
                throw new Hl7ParseException(1, "MSH-9", $"message type {kind} is not supported (supported: {string.Join(", ", SupportedMessages)})");
        }

        return builder.Build(_options.AssumedOffset);
    }

    private void MapResults(Hl7Message message, Hl7BundleBuilder builder, ResourceReference patient, ResourceReference? encounter)
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
                    var comment = string.Join('\n', segment.Field(3).Repetitions.Select(r => r.Component(1)));
                    if (comment.Length > 0)
                    {
                        lastObservation.Note.Add(new Annotation { Text = new Markdown(comment) });
                    }

                    break;
            }
        }

        if (reportIndex == 0)
        {
            throw new Hl7ParseException(0, "OBR", "ORU^R01 message has no OBR segment");
        }
    }
}
