using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Rendering;

/// <summary>
/// FHIR R4 (Firely POCOs) → <see cref="RecordView"/>. A Bundle is flattened (entries in order, nested Bundles
/// included); a single resource becomes a one-item view. Parsing goes through the codec, so a record that is not
/// valid FHIR surfaces as <see cref="FhirValidationException"/>, never as a half-rendered page.
/// </summary>
public static class FhirRecordRenderer
{
    /// <summary>Parses <paramref name="content"/> as FHIR of <paramref name="contentType"/> and renders it.</summary>
    public static RecordView Render(ReadOnlySpan<byte> content, string contentType)
    {
        var record = FhirCodec.Clinical.ParseRecord(content, contentType);
        return Render(record.Resource);
    }

    public static RecordView Render(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var builder = new Builder();
        builder.Add(resource, depth: 0);
        return builder.Build(resource.TypeName);
    }

    private sealed class Builder
    {
        // Nested Bundles are legal but a pathological nesting depth must not recurse without bound.
        private const int MaxDepth = 8;

        private readonly List<PatientView> _patients = [];
        private readonly List<EncounterView> _encounters = [];
        private readonly List<ConditionView> _conditions = [];
        private readonly List<ObservationView> _observations = [];
        private readonly List<ReportView> _reports = [];
        private readonly List<MedicationView> _medications = [];
        private readonly List<OtherResourceView> _others = [];

        public void Add(Resource resource, int depth)
        {
            switch (resource)
            {
                case Bundle bundle when depth < MaxDepth:
                    foreach (var entry in bundle.Entry)
                    {
                        if (entry.Resource is { } inner)
                        {
                            Add(inner, depth + 1);
                        }
                    }

                    break;
                case Hl7.Fhir.Model.Patient patient:
                    _patients.Add(new PatientView(
                        FhirText.HumanName(patient.Name),
                        patient.Gender?.ToString().ToLowerInvariant(),
                        patient.BirthDate,
                        [.. patient.Identifier.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => i.Value!)]));
                    break;
                case Encounter encounter:
                    _encounters.Add(new EncounterView(
                        encounter.Type.Count > 0 ? FhirText.Concept(encounter.Type[0]) : "Encounter",
                        encounter.Class?.Display ?? encounter.Class?.Code,
                        encounter.Status?.ToString().ToLowerInvariant(),
                        FhirText.Period(encounter.Period)));
                    break;
                case Condition condition:
                    _conditions.Add(new ConditionView(
                        FhirText.Concept(condition.Code),
                        FhirText.ConceptOrNull(condition.ClinicalStatus),
                        FhirText.Effective(condition.Onset) ?? condition.RecordedDate,
                        FhirText.ConceptOrNull(condition.Severity)));
                    break;
                case Observation observation:
                    _observations.Add(new ObservationView(
                        FhirText.Concept(observation.Code),
                        FhirText.Value(observation.Value) ?? (observation.Component.Count > 0 ? Components(observation) : null),
                        FhirText.Range(observation.ReferenceRange.FirstOrDefault()),
                        FhirText.Code(observation.Interpretation),
                        observation.Status?.ToString().ToLowerInvariant(),
                        FhirText.Effective(observation.Effective)));
                    break;
                case DiagnosticReport report:
                    _reports.Add(new ReportView(
                        FhirText.Concept(report.Code),
                        report.Status?.ToString().ToLowerInvariant(),
                        report.Issued?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? FhirText.Effective(report.Effective),
                        report.Conclusion,
                        report.Result.Count));
                    break;
                case MedicationRequest request:
                    _medications.Add(new MedicationView(
                        request.Medication switch
                        {
                            CodeableConcept concept => FhirText.Concept(concept),
                            ResourceReference reference => reference.Display ?? reference.Reference ?? "(medication)",
                            _ => "(medication)",
                        },
                        request.DosageInstruction.FirstOrDefault()?.Text,
                        request.Status?.ToString().ToLowerInvariant(),
                        request.AuthoredOn));
                    break;
                default:
                    _others.Add(new OtherResourceView(resource.TypeName, resource.Id));
                    break;
            }
        }

        public RecordView Build(string rootType) =>
            new(rootType, _patients, _encounters, _conditions, _observations, _reports, _medications, _others);

        private static string Components(Observation observation) =>
            string.Join("; ", observation.Component.Select(c => $"{FhirText.Concept(c.Code)} {FhirText.Value(c.Value)}"));
    }
}
