using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// C-CDA (Continuity of Care Document) → collection Bundle: the header's patient, the Problems section
/// (LOINC 11450-4) as Conditions and the Results section (LOINC 30954-2) as DiagnosticReports (organizers)
/// with their Observations. Other sections are not mapped. Codes keep their systems (OIDs → FHIR URIs).
/// </summary>
public static class CdaToFhirConverter
{
    private const string ProblemsLoinc = "11450-4";
    private const string ResultsLoinc = "30954-2";
    private const int MaxDepth = 128;

    public static Bundle Convert(ReadOnlySpan<byte> input)
    {
        var document = Load(input);
        var documentId = Identifier(document.Element(V3 + "id"));
        var bundle = new Bundle { Type = Bundle.BundleType.Collection, Identifier = documentId };
        var salt = documentId?.System + "|" + documentId?.Value;
        ResourceReference Add(Resource resource, string role)
        {
            resource.Id = StableId(salt + "|" + role);
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource });
            return new ResourceReference("urn:uuid:" + resource.Id);
        }

        var patient = Add(CdaPatientMapper.Map(document), "patient");
        var sections = document.Descendants(V3 + "section").ToList();
        var problems = 0;
        foreach (var observation in Sections(sections, ProblemsLoinc).SelectMany(s => s.Descendants(V3 + "observation")).Where(CdaSectionMapper.IsProblemObservation))
        {
            Add(CdaSectionMapper.Condition(observation, patient, $"problems/observation[{problems}]"), $"problem/{problems++}");
        }

        var reports = 0;
        foreach (var organizer in Sections(sections, ResultsLoinc).SelectMany(s => s.Descendants(V3 + "organizer")))
        {
            var report = CdaSectionMapper.Report(organizer, patient);
            var results = 0;
            foreach (var observation in organizer.Elements(V3 + "component").Select(c => c.Element(V3 + "observation")).OfType<XElement>())
            {
                var location = $"results/organizer[{reports}]/observation[{results}]";
                report.Result.Add(Add(CdaSectionMapper.Observation(observation, patient, location), $"report/{reports}/result/{results++}"));
            }

            Add(report, $"report/{reports++}");
        }

        bundle.Timestamp = CdaValues.DateTime(document.Element(V3 + "effectiveTime"), "ClinicalDocument/effectiveTime") is { Length: > 10 } time
            ? DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return bundle;
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

    private static IEnumerable<XElement> Sections(List<XElement> sections, string loinc) =>
        sections.Where(s => (string?)s.Element(V3 + "code")?.Attribute("code") == loinc);

    private static string StableId(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("ccda|" + name));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
