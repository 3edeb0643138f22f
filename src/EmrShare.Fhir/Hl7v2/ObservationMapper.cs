using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Hl7v2;

/// <summary>
/// OBX → Observation: value by OBX-2 (NM → Quantity with OBX-6 units, SN → Quantity with comparator,
/// ST/TX/FT → string, CE/CWE → CodeableConcept, DT/TS/DTM → dateTime), OBX-7 reference range,
/// OBX-8 interpretation, OBX-11 status, OBX-14 time (else the OBR's).
/// </summary>
internal static partial class ObservationMapper
{
    private const string Interpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    /// <summary>Extension on Observation keeping OBX-4 (observation sub-ID), which FHIR has no element for.</summary>
    public const string SubIdExtension = "urn:emrshare:hl7v2:obx-sub-id";

    public static Observation Map(Hl7Segment obx, ResourceReference patient, string? fallbackEffective, Hl7AdapterOptions options)
    {
        var observation = new Observation
        {
            Status = MapStatus(obx),
            Code = Hl7DataTypes.ToCodeableConcept(obx.Required(3, "observation identifier").First)!,
            Subject = patient,
        };

        // OBX-4 groups the OBX of one sub-result (an isolate, one vaccine's forecast): kept so the groups stay apparent.
        if (obx.Field(4).Value is { Length: > 0 } subId)
        {
            observation.Extension.Add(new Extension(SubIdExtension, new FhirString(subId)));
        }

        var unit = obx.Field(6).First;
        observation.Value = MapValue(obx, unit, options);
        var range = obx.Field(7).Value;
        if (range.Length > 0)
        {
            observation.ReferenceRange.Add(MapRange(range, unit));
        }

        // "" is HL7's explicit null ("no flag"), not an interpretation code.
        foreach (var flag in obx.Field(8).Repetitions.Select(r => r.Component(1)).Where(f => f.Length > 0 && f != "\"\""))
        {
            observation.Interpretation.Add(new CodeableConcept(Interpretation, flag));
        }

        var effective = Hl7DateTime.ToFhirDateTime(obx.Field(14).Component(1), options.AssumedOffset, obx.Index, "OBX-14") ?? fallbackEffective;
        if (effective is not null)
        {
            observation.Effective = new FhirDateTime(effective);
        }

        return observation;
    }

    private static ObservationStatus MapStatus(Hl7Segment obx) => obx.Required(11, "observation result status").Value switch
    {
        "F" => ObservationStatus.Final,
        "P" or "R" or "S" => ObservationStatus.Preliminary,
        "C" => ObservationStatus.Corrected,
        "X" => ObservationStatus.Cancelled,
        "D" or "W" => ObservationStatus.EnteredInError,
        "I" => ObservationStatus.Registered,
        var other => throw new Hl7ParseException(obx.Index, "OBX-11", $"unknown result status '{other}' (table 0085)"),
    };

    private static DataType? MapValue(Hl7Segment obx, Hl7Repetition? unit, Hl7AdapterOptions options)
    {
        var value = obx.Field(5);
        if (value.IsEmpty)
        {
            return null;
        }

        var type = obx.Required(2, "value type").Value;
        switch (type)
        {
            case "NM":
                return Quantity(ParseDecimal(value.Value, obx), null, unit);
            case "SN":
                return StructuredNumeric(value.First!, unit, obx);
            case "ST" or "TX" or "FT":
                return new FhirString(string.Join('\n', value.Repetitions.Select(r => string.Join('^', r.Components.Select(c => string.Join('&', c))))));
            case "CE" or "CWE":
                return Hl7DataTypes.ToCodeableConcept(value.First);
            case "DT" or "TS" or "DTM":
                return new FhirDateTime(Hl7DateTime.ToFhirDateTime(value.Component(1), options.AssumedOffset, obx.Index, "OBX-5"));
            default:
                throw new Hl7ParseException(obx.Index, "OBX-2", $"value type '{type}' is not supported for results (NM, SN, ST, TX, FT, CE, CWE, DT, TS, DTM)");
        }
    }

    internal static Quantity Quantity(decimal value, Quantity.QuantityComparator? comparator, Hl7Repetition? unit)
    {
        var quantity = new Quantity { Value = value, Comparator = comparator };
        if (unit is { IsEmpty: false })
        {
            var system = Hl7CodingSystems.ToUri(unit.Component(3));
            var (id, text) = (unit.Component(1), unit.Component(2));

            // FHIR allows no unit code without a system (qty-3). When OBX-6.3 names none but 6.1 and 6.2 differ
            // (e.g. "CD:289^mg/dL"), 6.1 is kept as a code under the unnamed local system (written back with an
            // empty 6.3), 6.2 is the unit text; a lone 6.1 or 6.2 is the unit text.
            if (system is null && id.Length > 0 && text.Length > 0 && id != text)
            {
                system = Hl7CodingSystems.LocalPrefix;
            }

            quantity.Code = system is null ? null : id;
            quantity.System = system;
            quantity.Unit = text.Length > 0 ? text : id;
        }

        return quantity;
    }

    /// <summary>SN comparator^num1: only the single-value form (e.g. &lt;^0.5) is a Quantity.</summary>
    private static Quantity StructuredNumeric(Hl7Repetition sn, Hl7Repetition? unit, Hl7Segment obx)
    {
        if (sn.Component(3).Length > 0 || sn.Component(4).Length > 0)
        {
            throw new Hl7ParseException(obx.Index, "OBX-5", "structured numeric ranges and ratios are not supported");
        }

        Quantity.QuantityComparator? comparator = sn.Component(1) switch
        {
            "" or "=" => null,
            "<" => Hl7.Fhir.Model.Quantity.QuantityComparator.LessThan,
            "<=" => Hl7.Fhir.Model.Quantity.QuantityComparator.LessOrEqual,
            ">" => Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterThan,
            ">=" => Hl7.Fhir.Model.Quantity.QuantityComparator.GreaterOrEqual,
            var other => throw new Hl7ParseException(obx.Index, "OBX-5", $"unknown comparator '{other}'"),
        };
        return Quantity(ParseDecimal(sn.Component(2), obx), comparator, unit);
    }

    private static Observation.ReferenceRangeComponent MapRange(string range, Hl7Repetition? unit)
    {
        var m = RangePattern().Match(range);
        var component = new Observation.ReferenceRangeComponent();
        if (!m.Success)
        {
            component.Text = range;
            return component;
        }

        if (m.Groups["low"].Success)
        {
            component.Low = Quantity(decimal.Parse(m.Groups["low"].Value, CultureInfo.InvariantCulture), null, unit);
            component.High = Quantity(decimal.Parse(m.Groups["high"].Value, CultureInfo.InvariantCulture), null, unit);
        }
        else if (m.Groups["op"].Value == "<")
        {
            component.High = Quantity(decimal.Parse(m.Groups["bound"].Value, CultureInfo.InvariantCulture), null, unit);
        }
        else
        {
            component.Low = Quantity(decimal.Parse(m.Groups["bound"].Value, CultureInfo.InvariantCulture), null, unit);
        }

        component.Text = range;
        return component;
    }

    private static decimal ParseDecimal(string text, Hl7Segment obx) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Hl7ParseException(obx.Index, "OBX-5", "value is not a number (value type NM)");

    [GeneratedRegex(@"^\s*(?:(?<low>-?\d+(?:\.\d+)?)\s*-\s*(?<high>-?\d+(?:\.\d+)?)|(?<op>[<>])\s*(?<bound>-?\d+(?:\.\d+)?))\s*$")]
    private static partial Regex RangePattern();
}
