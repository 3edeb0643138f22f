using EmrShare.Fhir.Codec;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace EmrShare.Web.Rendering;

/// <summary>
/// FHIR R4 (Firely POCOs) → <see cref="RecordView"/>. A Bundle is flattened (entries in order, nested Bundles
/// included); a single resource becomes a one-item view. Results a DiagnosticReport points at are listed under that
/// report, not again on their own. Parsing goes through the codec, so a record that is not valid FHIR surfaces as
/// <see cref="FhirValidationException"/>, never as a half-rendered page.
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
        builder.Collect(resource, fullUrl: null, depth: 0);
        return builder.Build(resource.TypeName);
    }

    private sealed class Builder
    {
        // Nested Bundles are legal but a pathological nesting depth must not recurse without bound.
        private const int MaxDepth = 8;

        private readonly List<(Resource Resource, string? FullUrl)> _resources = [];
        private readonly List<PatientView> _patients = [];
        private readonly List<AllergyView> _allergies = [];
        private readonly List<EncounterView> _encounters = [];
        private readonly List<ConditionView> _conditions = [];
        private readonly List<ObservationView> _observations = [];
        private readonly List<ReportView> _reports = [];
        private readonly List<MedicationView> _medications = [];
        private readonly List<DocumentView> _documents = [];
        private readonly List<ClinicalItemView> _items = [];
        private readonly List<OtherResourceView> _others = [];

        public void Collect(Resource resource, string? fullUrl, int depth)
        {
            if (resource is Bundle bundle && depth < MaxDepth)
            {
                foreach (var entry in bundle.Entry)
                {
                    if (entry.Resource is { } inner)
                    {
                        Collect(inner, entry.FullUrl, depth + 1);
                    }
                }

                return;
            }

            _resources.Add((resource, fullUrl));
        }

        public RecordView Build(string rootType)
        {
            var observations = new Dictionary<string, Observation>(StringComparer.Ordinal);
            foreach (var (resource, fullUrl) in _resources)
            {
                if (resource is Observation observation)
                {
                    foreach (var key in KeysOf(observation, fullUrl))
                    {
                        observations.TryAdd(key, observation);
                    }
                }
            }

            var grouped = new HashSet<Observation>(ReferenceEqualityComparer.Instance);
            foreach (var (resource, _) in _resources)
            {
                if (resource is DiagnosticReport report)
                {
                    var results = report.Result.Select(r => r.Reference is { } key && observations.TryGetValue(key, out var found) ? found : null)
                        .OfType<Observation>().ToList();
                    grouped.UnionWith(results);
                    _reports.Add(new ReportView(
                        FhirText.Concept(report.Code),
                        report.Status?.GetLiteral(),
                        report.Issued is { } issued ? FhirDates.Readable(issued) : FhirText.Effective(report.Effective),
                        report.Conclusion,
                        report.Result.Count,
                        [.. results.Select(ObservationOf)]));
                }
            }

            foreach (var (resource, _) in _resources)
            {
                if (resource is DiagnosticReport || (resource is Observation o && grouped.Contains(o)))
                {
                    continue;
                }

                Add(resource);
            }

            return new RecordView(rootType, _patients, _allergies, _encounters, _conditions, _observations, _reports, _medications, _documents, _items, _others);
        }

        private void Add(Resource resource)
        {
            switch (resource)
            {
                case Hl7.Fhir.Model.Patient patient:
                    _patients.Add(new PatientView(
                        FhirText.HumanName(patient.Name),
                        patient.Gender?.GetLiteral(),
                        FhirDates.Readable(patient.BirthDate),
                        [.. patient.Identifier.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(i => i.Value!)]));
                    break;
                case AllergyIntolerance allergy:
                    _allergies.Add(ClinicalViews.Allergy(allergy));
                    break;
                case Encounter encounter:
                    _encounters.Add(new EncounterView(
                        encounter.Type.Count > 0 ? FhirText.Concept(encounter.Type[0]) : "Encounter",
                        encounter.Class?.Display ?? encounter.Class?.Code,
                        encounter.Status?.GetLiteral(),
                        FhirText.Period(encounter.Period)));
                    break;
                case Condition condition:
                    _conditions.Add(new ConditionView(
                        FhirText.Concept(condition.Code),
                        FhirText.ConceptOrNull(condition.ClinicalStatus),
                        FhirText.Effective(condition.Onset) ?? FhirDates.Readable(condition.RecordedDate),
                        FhirText.ConceptOrNull(condition.Severity)));
                    break;
                case Observation observation:
                    _observations.Add(ObservationOf(observation));
                    break;
                case MedicationRequest request:
                    _medications.Add(new MedicationView(
                        ClinicalViews.Medication(request.Medication),
                        request.DosageInstruction.FirstOrDefault()?.Text,
                        request.Status?.GetLiteral(),
                        FhirDates.Readable(request.AuthoredOn)));
                    break;
                case MedicationStatement statement:
                    _medications.Add(new MedicationView(
                        ClinicalViews.Medication(statement.Medication),
                        statement.Dosage.FirstOrDefault()?.Text,
                        statement.Status?.GetLiteral(),
                        FhirText.Effective(statement.Effective) ?? FhirDates.Readable(statement.DateAsserted)));
                    break;
                case DocumentReference document:
                    _documents.Add(ClinicalViews.Document(document));
                    break;
                default:
                    if (ClinicalViews.Item(resource) is { } item)
                    {
                        _items.Add(item);
                    }
                    else
                    {
                        _others.Add(new OtherResourceView(resource.TypeName, resource.Id));
                    }

                    break;
            }
        }

        private static IEnumerable<string> KeysOf(Resource resource, string? fullUrl)
        {
            if (!string.IsNullOrEmpty(fullUrl))
            {
                yield return fullUrl;
            }

            if (!string.IsNullOrEmpty(resource.Id))
            {
                yield return $"{resource.TypeName}/{resource.Id}";
            }
        }

        private static ObservationView ObservationOf(Observation observation) => new(
            FhirText.Concept(observation.Code),
            FhirText.Value(observation.Value) ?? (observation.Component.Count > 0 ? Components(observation) : null),
            FhirText.Range(observation.ReferenceRange.FirstOrDefault()),
            FhirText.Code(observation.Interpretation),
            observation.Status?.GetLiteral(),
            FhirText.Effective(observation.Effective));

        private static string Components(Observation observation) =>
            string.Join("; ", observation.Component.Select(c => $"{FhirText.Concept(c.Code)} {FhirText.Value(c.Value)}"));
    }
}
