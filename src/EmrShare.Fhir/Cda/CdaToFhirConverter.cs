using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// C-CDA (Continuity of Care Document) → collection Bundle: the header's patient and the common sections, each
/// identified by its LOINC code: Problems, Allergies, Medications, Immunizations, Vital Signs, Results, Procedures,
/// Encounters, Plan of Care, Social History, Family History and Functional Status (see the mappers). Every other section, and every entry of a mapped section that
/// no mapping could carry, is named in <see cref="CdaConversion.NotImported"/>: nothing is dropped without a word.
/// Codes keep their systems (OIDs → FHIR URIs).
/// </summary>
public static class CdaToFhirConverter
{
    /// <summary>Extension on AllergyIntolerance keeping the source's allergy-level severity coding (SNOMED CT).</summary>
    public const string AllergySeverityExtension = "urn:emrshare:ccda:allergy-severity";

    private const int MaxDepth = 128;

    private delegate int EntryMapper(XElement statement, CdaEntry entry);

    private static readonly Dictionary<string, (string Name, EntryMapper Map)> Sections = new(StringComparer.Ordinal)
    {
        ["11450-4"] = ("problems", CdaSectionMapper.MapProblems),
        ["48765-2"] = ("allergies", CdaAllergyMapper.Map),
        ["10160-0"] = ("medications", CdaMedicationMapper.MapMedication),
        ["11369-6"] = ("immunizations", CdaMedicationMapper.MapImmunization),
        ["8716-3"] = ("vitals", CdaSectionMapper.MapVitalSigns),
        ["30954-2"] = ("results", CdaSectionMapper.MapResults),
        ["47519-4"] = ("procedures", CdaActivityMapper.MapProcedure),
        ["46240-8"] = ("encounters", CdaActivityMapper.MapEncounter),
        ["18776-5"] = ("plan", CdaActivityMapper.MapPlanned),
        ["29762-2"] = ("social", CdaHistoryMapper.MapSocialHistory),
        ["10157-6"] = ("family", CdaHistoryMapper.MapFamilyHistory),
        ["47420-5"] = ("functional", CdaHistoryMapper.MapFunctionalStatus),
    };

    /// <summary>The LOINC codes of the sections whose entries are mapped.</summary>
    public static IReadOnlyCollection<string> MappedSections => Sections.Keys;

    public static Bundle Convert(ReadOnlySpan<byte> input) => ConvertWithReport(input).Bundle;

    public static CdaConversion ConvertWithReport(ReadOnlySpan<byte> input)
    {
        var document = Load(input);
        var builder = new CdaBundleBuilder(Identifier(document.Element(V3 + "id")));
        builder.Patient = builder.Add(CdaPatientMapper.Map(document), "patient");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in document.Descendants(V3 + "section"))
        {
            MapSection(section, builder, seen);
        }

        if (document.Element(V3 + "component")?.Element(V3 + "nonXMLBody") is not null)
        {
            builder.NotImported.Add("nonXMLBody (an unstructured document body)");
        }

        builder.Bundle.Timestamp = CdaValues.DateTime(document.Element(V3 + "effectiveTime"), "ClinicalDocument/effectiveTime") is { Length: > 10 } time
            ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture)
            : null;
        return new CdaConversion(builder.Bundle, builder.NotImported);
    }

    private static void MapSection(XElement section, CdaBundleBuilder builder, Dictionary<string, int> seen)
    {
        var loinc = (string?)section.Element(V3 + "code")?.Attribute("code");
        var statements = section.Elements(V3 + "entry").Select(e => e.Elements().FirstOrDefault()).OfType<XElement>().ToList();
        var title = Text(section.Element(V3 + "title")) ?? "(untitled section)";
        if (loinc is null || !Sections.TryGetValue(loinc, out var mapping))
        {
            var template = Templates(section).FirstOrDefault();
            var label = $"{title} (LOINC {loinc ?? "none"}{(template is null ? string.Empty : ", templateId " + template)})";
            if (statements.Count > 0)
            {
                builder.NotImported.Add(string.Create(CultureInfo.InvariantCulture, $"{label}: {statements.Count} {(statements.Count == 1 ? "entry" : "entries")} not imported"));
            }
            else if (Text(section.Element(V3 + "text")) is not null)
            {
                builder.NotImported.Add($"{label}: narrative text only, not imported");
            }

            return;
        }

        // A document may repeat a section kind; the first keeps the plain name so locations read "results/entry[0]".
        var occurrence = seen.TryGetValue(mapping.Name, out var n) ? n : 0;
        seen[mapping.Name] = occurrence + 1;
        var name = occurrence == 0 ? mapping.Name : $"{mapping.Name}[{occurrence}]";
        foreach (var (statement, i) in statements.Select((s, i) => (s, i)))
        {
            var entry = new CdaEntry(builder, $"{name}/entry[{i}]", string.Create(CultureInfo.InvariantCulture, $"{title} (LOINC {loinc}) entry {i + 1}"), statement);
            var reported = builder.NotImported.Count;
            try
            {
                if (mapping.Map(statement, entry) == 0 && builder.NotImported.Count == reported)
                {
                    builder.NotImported.Add($"{entry.Label}: nothing in it could be mapped");
                }
                else
                {
                    // Whatever nested act or participation the mapping did not carry (issue 16 rule 1).
                    CdaNested.Report(statement, entry, entry.Consumed);
                }
            }
            catch (CdaEntryNotMappedException e)
            {
                builder.NotImported.Add($"{entry.Label}: {e.Message}");
            }
        }
    }

    private static XElement Load(ReadOnlySpan<byte> input)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        var bytes = input.ToArray();
        try
        {
            // Nesting is bounded before building the tree, as in FhirCodec: real CCDs are a few dozen levels deep.
            using (var scan = XmlReader.Create(new MemoryStream(bytes), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                    {
                        throw new CdaFormatException($"line {((IXmlLineInfo)scan).LineNumber}", $"XML nesting deeper than {MaxDepth} levels");
                    }
                }
            }

            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            var root = XDocument.Load(reader).Root;
            return root is not null && root.Name == V3 + "ClinicalDocument"
                ? root
                : throw new CdaFormatException(string.Empty, $"root element is {root?.Name.ToString() ?? "missing"}, expected ClinicalDocument in urn:hl7-org:v3");
        }
        catch (XmlException e)
        {
            throw new CdaFormatException($"line {e.LineNumber}", "not well-formed XML: " + e.Message);
        }
    }
}

/// <summary>A converted document and the parts it carried that no mapping took (section, entry and why).</summary>
public sealed record CdaConversion(Bundle Bundle, IReadOnlyList<string> NotImported);
