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
        ["2.16.840.1.113883.5.4"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode",
        ["2.16.840.1.113883.5.111"] = "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
        ["2.16.840.1.113883.6.12"] = "http://www.ama-assn.org/go/cpt",
        ["2.16.840.1.113883.6.69"] = "http://hl7.org/fhir/sid/ndc",
        ["2.16.840.1.113883.6.103"] = "http://hl7.org/fhir/sid/icd-9-cm",
        ["2.16.840.1.113883.3.26.1.1"] = "http://ncimeta.nci.nih.gov",
    };

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<XElement, Dictionary<string, XElement>> NarrativeIds = new();

    /// <summary>A code system OID as its FHIR URI, or urn:oid:/urn:uuid:; null when absent or not an OID or UUID.</summary>
    public static string? SystemUri(string? oid) =>
        oid is null ? null
        : Systems.TryGetValue(oid, out var uri) ? uri
        : IsOid(oid) ? "urn:oid:" + oid
        : Guid.TryParse(oid, out _) ? "urn:uuid:" + oid
        : null;

    private static bool IsOid(string value) =>
        value.Length > 0 && value.Split('.').All(arc => arc.Length > 0 && arc.All(char.IsAsciiDigit));

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
            // A coding with a nullFlavor says the code is unknown, whatever placeholder its code attribute holds.
            var code = (string?)coding.Attribute("code");
            if (!string.IsNullOrWhiteSpace(code) && coding.Attribute("nullFlavor") is null)
            {
                concept.Coding.Add(new Coding(SystemUri((string?)coding.Attribute("codeSystem")), code.Trim(), (string?)coding.Attribute("displayName")));
            }
        }

        // A narrative reference names the text only when no code does: real documents point codes at the wrong
        // narrative cell (HL7's CCD_1.xml points its penicillin allergen at the "Nausea" reaction cell).
        var originalText = cd.Element(V3 + "originalText");
        var original = concept.Coding.Count == 0 ? NarrativeText(originalText) : OwnText(originalText);
        if (!string.IsNullOrEmpty(original))
        {
            concept.Text = original;
        }

        return concept.Coding.Count == 0 && concept.Text is null ? null : concept;
    }

    /// <summary>
    /// What an entity (allergen, drug, vaccine) is: its code when coded, else its name, else the code's text
    /// (real documents put the name beside a nullFlavor code whose narrative says only "not available").
    /// </summary>
    public static CodeableConcept? EntityConcept(XElement? entity)
    {
        var concept = Concept(entity?.Element(V3 + "code"));
        if (concept is { Coding.Count: > 0 })
        {
            return concept;
        }

        return Text(entity?.Element(V3 + "name")) is { } name ? new CodeableConcept { Text = name } : concept;
    }

    /// <summary>
    /// The text an originalText or text element carries, or, when it holds only a reference ("#id"), the text of
    /// the section narrative element with that ID (C-CDA keeps many reactions and vaccine names there).
    /// </summary>
    public static string? NarrativeText(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        if (OwnText(element) is { } own)
        {
            return own;
        }

        var reference = ((string?)element.Element(V3 + "reference")?.Attribute("value"))?.TrimStart('#');
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var narrative = element.Ancestors(V3 + "section").FirstOrDefault()?.Element(V3 + "text");
        XElement? target = null;
        if (narrative is not null)
        {
            // One index per narrative, built on first use: a document with many references stays linear.
            var ids = NarrativeIds.GetValue(narrative, n => n.DescendantsAndSelf()
                .Select(e => (Id: (string?)e.Attribute("ID"), Element: e)).Where(x => x.Id is not null)
                .GroupBy(x => x.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Element, StringComparer.Ordinal));
            ids.TryGetValue(reference, out target);
        }

        var text = target is null ? null : string.Join(' ', target.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static string? OwnText(XElement? element)
    {
        var own = element is null ? string.Empty : string.Concat(element.Nodes().OfType<XText>().Select(t => t.Value)).Trim();
        return own.Length == 0 ? null : own;
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

        // A root that is neither an OID nor a UUID (seen in real documents) cannot be a system URI: kept as a plain value.
        var system = IsOid(root) ? "urn:oid:" + root : Guid.TryParse(root, out _) ? "urn:uuid:" + root : null;
        if (extension is null)
        {
            return system is null ? new Identifier { Value = root } : new Identifier("urn:ietf:rfc:3986", system);
        }

        return new Identifier(system, extension);
    }

    /// <summary>IVL_TS (low/high, or a single value or center) → Period; null when it states no time.</summary>
    public static Period? Period(XElement? ivl, string location)
    {
        if (ivl is null)
        {
            return null;
        }

        var single = DateTime(ivl.Attribute("value") is null ? ivl.Element(V3 + "center") : ivl, location);
        var start = single ?? DateTime(ivl.Element(V3 + "low"), location + "/low");
        var end = single ?? DateTime(ivl.Element(V3 + "high"), location + "/high");
        return start is null && end is null ? null : new Period { Start = start, End = end };
    }

    /// <summary>The first IVL_TS-like effectiveTime (a medication also carries PIVL_TS frequencies beside it).</summary>
    public static XElement? EffectiveTime(XElement act) =>
        act.Elements(V3 + "effectiveTime").FirstOrDefault(t => XsiType(t) is null or "IVL_TS" or "TS");

    /// <summary>The templateId roots an element declares.</summary>
    public static IEnumerable<string> Templates(XElement element) =>
        element.Elements(V3 + "templateId").Select(t => (string?)t.Attribute("root")).OfType<string>();

    public static bool HasTemplate(XElement element, params string[] roots) => Templates(element).Any(roots.Contains);

    /// <summary>Text content of an element that carries a value (not a nullFlavor), trimmed; null when empty.</summary>
    public static string? Text(XElement? element)
    {
        if (element is null || element.Attribute("nullFlavor") is not null)
        {
            return null;
        }

        var text = element.Value.Trim();
        return text.Length == 0 ? null : text;
    }

    public static string? XsiType(XElement value) => ((string?)value.Attribute(Xsi + "type"))?.Split(':').Last();
}
