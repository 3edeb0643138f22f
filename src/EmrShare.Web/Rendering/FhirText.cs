using System.Globalization;
using Hl7.Fhir.Model;

namespace EmrShare.Web.Rendering;

/// <summary>Turns FHIR datatypes into the short text a reader expects ("Hemoglobin", "13.2 g/dL", "12–16 g/dL").</summary>
internal static class FhirText
{
    public static string Concept(CodeableConcept? concept, string fallback = "(uncoded)")
    {
        if (concept is null)
        {
            return fallback;
        }

        if (!string.IsNullOrWhiteSpace(concept.Text))
        {
            return concept.Text;
        }

        var coding = concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display)) ?? concept.Coding.FirstOrDefault();
        return coding is null ? fallback : coding.Display ?? coding.Code ?? fallback;
    }

    public static string? ConceptOrNull(CodeableConcept? concept) =>
        concept is null || (concept.Coding.Count == 0 && string.IsNullOrWhiteSpace(concept.Text)) ? null : Concept(concept);

    public static string? Code(IEnumerable<CodeableConcept>? concepts) =>
        concepts?.SelectMany(c => c.Coding).Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c));

    public static string? Quantity(Quantity? quantity)
    {
        if (quantity?.Value is not { } value)
        {
            return null;
        }

        var unit = UnitOf(quantity);
        var number = value.ToString(CultureInfo.InvariantCulture);
        var comparator = quantity.Comparator is { } c ? Comparator(c) : string.Empty;
        return string.IsNullOrWhiteSpace(unit) ? comparator + number : $"{comparator}{number} {unit}";
    }

    /// <summary>Any value[x] an Observation may carry.</summary>
    public static string? Value(DataType? value) => value switch
    {
        null => null,
        Quantity q => Quantity(q),
        CodeableConcept c => Concept(c),
        FhirString s => s.Value,
        FhirBoolean b => b.Value is true ? "yes" : b.Value is false ? "no" : null,
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
        Hl7.Fhir.Model.Range r => RangeText(r.Low, r.High),
        Ratio r => $"{Quantity(r.Numerator)} / {Quantity(r.Denominator)}",
        FhirDateTime d => FhirDates.Readable(d.Value),
        Period p => Period(p),
        _ => value.TypeName,
    };

    public static string? Range(Observation.ReferenceRangeComponent? range) =>
        range is null ? null : range.Text ?? RangeText(range.Low, range.High);

    public static string? Period(Period? period) => period switch
    {
        null => null,
        { Start: { } start, End: { } end } => $"{FhirDates.Readable(start)} – {FhirDates.Readable(end)}",
        { Start: { } start } => $"from {FhirDates.Readable(start)}",
        { End: { } end } => $"until {FhirDates.Readable(end)}",
        _ => null,
    };

    public static string? Effective(DataType? effective) => effective switch
    {
        FhirDateTime d => FhirDates.Readable(d.Value),
        Date d => FhirDates.Readable(d.Value),
        Period p => Period(p),
        Instant i => i.Value is { } at ? FhirDates.Readable(at) : null,
        FhirString s => s.Value,
        Age a => Quantity(a) is { } age ? $"at age {age}" : null,
        _ => null,
    };

    public static string HumanName(IEnumerable<HumanName> names)
    {
        var name = names.FirstOrDefault(n => n.Use == Hl7.Fhir.Model.HumanName.NameUse.Official) ?? names.FirstOrDefault();
        if (name is null)
        {
            return "(no name)";
        }

        if (!string.IsNullOrWhiteSpace(name.Text))
        {
            return name.Text;
        }

        var given = string.Join(' ', name.Given);
        return string.Join(' ', new[] { given, name.Family }.Where(part => !string.IsNullOrWhiteSpace(part)));
    }

    private static string? RangeText(Quantity? low, Quantity? high)
    {
        var lowText = low?.Value?.ToString(CultureInfo.InvariantCulture);
        var unit = UnitOf(high) ?? UnitOf(low);
        var highText = high?.Value?.ToString(CultureInfo.InvariantCulture);
        var text = (lowText, highText) switch
        {
            (null, null) => null,
            ({ } l, { } h) => $"{l}–{h}",
            ({ } l, null) => $"≥ {l}",
            (null, { } h) => $"≤ {h}",
        };
        return text is null || string.IsNullOrWhiteSpace(unit) ? text : $"{text} {unit}";
    }

    /// <summary>
    /// The UCUM code as people write it ("mg/dL", "mmHg", "°C") reads better in a results table than its spelled-out
    /// name; other systems keep their display unit.
    /// </summary>
    private static string? UnitOf(Quantity? quantity) =>
        quantity is null ? null
        : quantity.System == "http://unitsofmeasure.org" && !string.IsNullOrWhiteSpace(quantity.Code) ? UcumDisplay.Of(quantity.Code)
        : quantity.Unit ?? quantity.Code;

    /// <summary>The first non-empty text of <paramref name="values"/>, or null.</summary>
    public static string? FirstText(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>A reference as its display text, or the reference itself.</summary>
    public static string? Reference(ResourceReference? reference) =>
        reference is null ? null : FirstText(reference.Display, reference.Reference);

    /// <summary>Annotations (notes) joined into one line.</summary>
    public static string? Notes(IEnumerable<Annotation> notes) =>
        string.Join(" · ", notes.Select(n => n.Text).Where(t => !string.IsNullOrWhiteSpace(t))) is { Length: > 0 } text ? text : null;

    private static string Comparator(Quantity.QuantityComparator comparator) => comparator switch
    {
        Hl7.Fhir.Model.Quantity.QuantityComparator.LessThan => "< ",
        Hl7.Fhir.Model.Quantity.QuantityComparator.LessOrEqual => "≤ ",
        Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterOrEqual => "≥ ",
        Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterThan => "> ",
        _ => string.Empty,
    };
}
