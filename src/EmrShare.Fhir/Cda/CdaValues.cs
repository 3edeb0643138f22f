using System.Globalization;
using System.Xml.Linq;
using EmrShare.Fhir.Hl7v2;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Cda;

/// <summary>CDA data types (CD/CE, PQ, TS, II) → FHIR, with code-system OIDs named by their FHIR URIs.</summary>
internal static class CdaValues
{
    public static readonly XNamespace V3 = "urn:hl7-org:v3";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    private static readonly Dictionary<string, string> Systems = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.113883.6.1"] = "http://loinc.org",
        ["2.16.840.1.113883.6.96"] = "http://snomed.info/sct",
        ["2.16.840.1.113883.6.3"] = "http://hl7.org/fhir/sid/icd-10",
        ["2.16.840.1.113883.6.90"] = "http://hl7.org/fhir/sid/icd-10-cm",
        ["2.16.840.1.113883.6.8"] = "http://unitsofmeasure.org",
        ["2.16.840.1.113883.6.88"] = "http://www.nlm.nih.gov/research/umls/rxnorm",
        ["2.16.840.1.113883.12.292"] = "http://hl7.org/fhir/sid/cvx",
        ["2.16.840.1.113883.5.83"] = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
    };

    public static string SystemUri(string oid) => Systems.TryGetValue(oid, out var uri) ? uri : "urn:oid:" + oid;

    /// <summary>CD/CE with its translations as further codings; null when neither code nor text is present.</summary>
    public static CodeableConcept? Concept(XElement? cd)
    {
        if (cd is null)
        {
            return null;
        }

        var concept = new CodeableConcept();
        foreach (var coding in new[] { cd }.Concat(cd.Elements(V3 + "translation")))
        {
            var code = (string?)coding.Attribute("code");
            if (!string.IsNullOrEmpty(code))
            {
                concept.Coding.Add(new Coding(SystemUri((string?)coding.Attribute("codeSystem") ?? string.Empty), code, (string?)coding.Attribute("displayName")));
            }
        }

        var original = cd.Element(V3 + "originalText")?.Value.Trim();
        if (!string.IsNullOrEmpty(original))
        {
            concept.Text = original;
        }

        return concept.Coding.Count == 0 && concept.Text is null ? null : concept;
    }

    /// <summary>TS → FHIR date/dateTime (same syntax as HL7 v2 TS; precision kept).</summary>
    public static string? DateTime(XElement? ts, string location)
    {
        var value = (string?)ts?.Attribute("value");
        try
        {
            return value is null ? null : Hl7DateTime.ToFhirDateTime(value, TimeSpan.Zero, 0, location);
        }
        catch (Hl7ParseException e)
        {
            throw new CdaFormatException(location, e.Reason);
        }
    }

    /// <summary>PQ → Quantity with the unit as UCUM code (C-CDA units are UCUM by specification).</summary>
    public static Quantity Quantity(XElement pq, string location)
    {
        var text = (string?)pq.Attribute("value");
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new CdaFormatException(location, "PQ value is not a number");
        }

        var unit = (string?)pq.Attribute("unit");
        return new Quantity { Value = value, Unit = unit, Code = unit, System = unit is null ? null : "http://unitsofmeasure.org" };
    }

    /// <summary>II → Identifier (root OID as system, extension as value; a bare root is the value itself).</summary>
    public static Identifier? Identifier(XElement? ii)
    {
        var root = (string?)ii?.Attribute("root");
        var extension = (string?)ii?.Attribute("extension");
        if (root is null)
        {
            return null;
        }

        return extension is null
            ? new Identifier("urn:ietf:rfc:3986", Guid.TryParse(root, out _) ? "urn:uuid:" + root : "urn:oid:" + root)
            : new Identifier("urn:oid:" + root, extension);
    }

    public static string? XsiType(XElement value) => ((string?)value.Attribute(Xsi + "type"))?.Split(':').Last();
}
