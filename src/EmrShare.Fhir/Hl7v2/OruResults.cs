using System.Globalization;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>DiagnosticReport → OBR and Observation → OBX (+ NTE), the inverse of the ORU mappers.</summary>
internal static class OruResults
{
    public static string Obr(int setId, CodeableConcept? code, DataType? effective, DateTimeOffset? issued, string status, List<Identifier> identifiers, Hl7Delimiters d)
    {
        var obr = new Hl7SegmentWriter("OBR", d);
        string Order(string type) => identifiers.FirstOrDefault(i => i.Type?.Coding.Any(c => c.Code == type) == true)?.Value is { } v ? obr.Leaf(v) : string.Empty;
        obr.Set(1, setId.ToString(CultureInfo.InvariantCulture))
            .Set(2, Order("PLAC"))
            .Set(3, Order("FILL"))
            .Set(4, Ce(code, obr))
            .Set(7, Hl7DateTime.FromFhir((effective as FhirDateTime)?.Value))
            .Set(22, issued is null ? string.Empty : Hl7DateTime.FromInstant(issued.Value))
            .Set(25, status);
        return obr.ToString();
    }

    public static IEnumerable<string> Obx(int setId, Observation observation, Hl7Delimiters d)
    {
        var obx = new Hl7SegmentWriter("OBX", d);
        var (type, value, unit) = observation.Value switch
        {
            Quantity q when q.Comparator is null => ("NM", Number(q.Value), Unit(q, obx)),
            Quantity q => ("SN", obx.Components(Comparator(q.Comparator!.Value), Number(q.Value)), Unit(q, obx)),
            FhirString s => ("ST", obx.Leaf(s.Value), string.Empty),
            CodeableConcept c => ("CWE", Ce(c, obx), string.Empty),
            FhirDateTime t => ("DTM", Hl7DateTime.FromFhir(t.Value), string.Empty),
            null => (string.Empty, string.Empty, string.Empty),
            var other => throw new Hl7MappingException($"Observation value of type {other.TypeName} has no ORU^R01 mapping"),
        };
        var range = observation.ReferenceRange.FirstOrDefault();
        obx.Set(1, setId.ToString(CultureInfo.InvariantCulture))
            .Set(2, type)
            .Set(3, Ce(observation.Code, obx))
            .Set(5, value)
            .Set(6, unit)
            .Set(7, obx.Leaf(range is null ? null : RangeText(range)))
            .Set(8, obx.Repeat(observation.Interpretation.Select(i => obx.Leaf(i.Coding.FirstOrDefault()?.Code))))
            .Set(11, ObservationStatus(observation.Status))
            .Set(14, Hl7DateTime.FromFhir((observation.Effective as FhirDateTime)?.Value));
        yield return obx.ToString();
        foreach (var (note, i) in observation.Note.Select((n, i) => (n, i)))
        {
            var nte = new Hl7SegmentWriter("NTE", d);
            yield return nte.Set(1, (i + 1).ToString(CultureInfo.InvariantCulture)).Set(3, nte.Leaf(note.Text)).ToString();
        }
    }

    private static string Ce(CodeableConcept? concept, Hl7SegmentWriter w)
    {
        if (concept is null)
        {
            return string.Empty;
        }

        var primary = concept.Coding.ElementAtOrDefault(0);
        var alternate = concept.Coding.ElementAtOrDefault(1);
        return w.Components(
            primary?.Code,
            primary?.Display,
            Hl7CodingSystems.ToName(primary?.System),
            alternate?.Code,
            alternate?.Display,
            Hl7CodingSystems.ToName(alternate?.System),
            null,
            null,
            concept.Text);
    }

    private static string Unit(Quantity q, Hl7SegmentWriter w) =>
        q.Code is null && q.Unit is null ? string.Empty : w.Components(q.Code ?? q.Unit, q.Unit, Hl7CodingSystems.ToName(q.System));

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string RangeText(Observation.ReferenceRangeComponent range) =>
        range.Text ?? (range.Low, range.High) switch
        {
            ({ } low, { } high) => $"{Number(low.Value)}-{Number(high.Value)}",
            (null, { } high) => "<" + Number(high.Value),
            ({ } low, null) => ">" + Number(low.Value),
            _ => string.Empty,
        };

    private static string Comparator(Quantity.QuantityComparator comparator) => comparator switch
    {
        Quantity.QuantityComparator.LessThan => "<",
        Quantity.QuantityComparator.LessOrEqual => "<=",
        Quantity.QuantityComparator.GreaterOrEqual => ">=",
        _ => ">",
    };

    private static string ObservationStatus(Hl7.Fhir.Model.ObservationStatus? status) => status switch
    {
        Hl7.Fhir.Model.ObservationStatus.Preliminary => "P",
        Hl7.Fhir.Model.ObservationStatus.Corrected or Hl7.Fhir.Model.ObservationStatus.Amended => "C",
        Hl7.Fhir.Model.ObservationStatus.Cancelled => "X",
        Hl7.Fhir.Model.ObservationStatus.EnteredInError => "W",
        Hl7.Fhir.Model.ObservationStatus.Registered => "I",
        _ => "F",
    };
}
