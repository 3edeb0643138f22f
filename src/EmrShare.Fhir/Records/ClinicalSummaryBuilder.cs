using System.Globalization;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Records;

/// <summary>Extracts the clinical entries of a resource or Bundle (nested Bundles included) into a summary.</summary>
public static class ClinicalSummaryBuilder
{
    public static ClinicalSummary Build(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<ClinicalEntry>();
        Visit(resource, counts, entries);
        var dates = entries.Where(e => e.Date is not null).Select(e => e.Date!).Order(StringComparer.Ordinal).ToList();
        return new ClinicalSummary(resource.TypeName, counts, entries, dates.FirstOrDefault(), dates.LastOrDefault());
    }

    private static void Visit(Resource resource, SortedDictionary<string, int> counts, List<ClinicalEntry> entries)
    {
        if (resource is Bundle bundle)
        {
            foreach (var entry in bundle.Entry)
            {
                if (entry.Resource is not null)
                {
                    Visit(entry.Resource, counts, entries);
                }
            }

            return;
        }

        counts[resource.TypeName] = counts.GetValueOrDefault(resource.TypeName) + 1;
        if (ToEntry(resource) is { } line)
        {
            entries.Add(line);
        }
    }

    private static ClinicalEntry? ToEntry(Resource resource) => resource switch
    {
        Condition c => Entry(ClinicalCategory.Diagnosis, c, c.Code, DateOf(c.Onset) ?? c.RecordedDate, null),
        AllergyIntolerance a => Entry(ClinicalCategory.Allergy, a, a.Code, DateOf(a.Onset) ?? a.RecordedDate, null),
        MedicationRequest m => Entry(ClinicalCategory.Medication, m, m.Medication as CodeableConcept, m.AuthoredOn, null),
        MedicationStatement m => Entry(ClinicalCategory.Medication, m, m.Medication as CodeableConcept, DateOf(m.Effective), null),
        Observation o => Entry(ClinicalCategory.Result, o, o.Code, DateOf(o.Effective) ?? o.Issued?.ToString("o", CultureInfo.InvariantCulture), ValueText(o.Value)),
        DiagnosticReport d => Entry(ClinicalCategory.Report, d, d.Code, DateOf(d.Effective) ?? d.Issued?.ToString("o", CultureInfo.InvariantCulture), null),
        Procedure p => Entry(ClinicalCategory.Procedure, p, p.Code, DateOf(p.Performed), null),
        Immunization i => Entry(ClinicalCategory.Immunization, i, i.VaccineCode, DateOf(i.Occurrence), null),
        Encounter e => Entry(ClinicalCategory.Encounter, e, e.Type.FirstOrDefault() ?? CodeOf(e.Class), e.Period?.Start, null),
        DocumentReference r => Entry(ClinicalCategory.Document, r, r.Type, r.Context?.Period?.Start ?? r.Date?.ToString("o", CultureInfo.InvariantCulture), r.Description),
        _ => null,
    };

    private static ClinicalEntry Entry(ClinicalCategory category, Resource resource, CodeableConcept? concept, string? date, string? value)
    {
        var coding = concept?.Coding.FirstOrDefault(c => c.Code is not null);
        var code = coding is null ? null : new ClinicalCode(coding.System, coding.Code!, coding.Display);
        return new ClinicalEntry(category, resource.TypeName, code, concept?.Text ?? coding?.Display, date, value);
    }

    private static CodeableConcept? CodeOf(Coding? coding) => coding is null ? null : new CodeableConcept { Coding = [coding] };

    private static string? DateOf(DataType? value) => value switch
    {
        FhirDateTime d => d.Value,
        Date d => d.Value,
        Period p => p.Start ?? p.End,
        Instant i => i.Value?.ToString("o", CultureInfo.InvariantCulture),
        Age or Hl7.Fhir.Model.Range or FhirString => null,
        _ => null,
    };

    /// <summary>A result value as one short string: quantity with unit, text, or coded answer.</summary>
    public static string? ValueText(DataType? value) => value switch
    {
        Quantity q => string.Join(' ', new[] { q.Comparator is null ? null : ComparatorText(q.Comparator.Value), q.Value?.ToString(CultureInfo.InvariantCulture), q.Unit ?? q.Code }.Where(s => !string.IsNullOrEmpty(s))),
        FhirString s => s.Value,
        CodeableConcept c => c.Text ?? c.Coding.FirstOrDefault()?.Display ?? c.Coding.FirstOrDefault()?.Code,
        FhirBoolean b => b.Value is null ? null : b.Value.Value ? "yes" : "no",
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
        FhirDateTime d => d.Value,
        null => null,
        _ => value.TypeName,
    };

    private static string ComparatorText(Quantity.QuantityComparator comparator) => comparator switch
    {
        Quantity.QuantityComparator.LessThan => "<",
        Quantity.QuantityComparator.LessOrEqual => "<=",
        Quantity.QuantityComparator.GreaterOrEqual => ">=",
        Quantity.QuantityComparator.GreaterThan => ">",
        _ => string.Empty,
    };
}
