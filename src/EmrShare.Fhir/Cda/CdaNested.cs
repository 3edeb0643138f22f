using System.Xml.Linq;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// The acts nested in a mapped entry (entryRelationship chains, organizer components, preconditions) and the
/// participations of its mapped acts (authors, performers, participants, informants, specimens) that the mapping did
/// not take are reported one by one, each with what it is: nothing inside a mapped entry is dropped without a word.
/// </summary>
internal static class CdaNested
{
    private static readonly HashSet<string> Acts = new(StringComparer.Ordinal)
    {
        "observation", "act", "substanceAdministration", "supply", "procedure", "encounter", "organizer", "observationMedia", "regionOfInterest", "criterion",
    };

    private static readonly HashSet<string> Participations = new(StringComparer.Ordinal)
    {
        "author", "performer", "participant", "informant", "specimen",
    };

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.113883.10.20.22.4.5"] = "health status observation",
        ["2.16.840.1.113883.10.20.22.4.9"] = "reaction observation",
        ["2.16.840.1.113883.10.20.22.4.17"] = "medication supply order",
        ["2.16.840.1.113883.10.20.22.4.18"] = "medication dispense",
        ["2.16.840.1.113883.10.20.22.4.19"] = "indication",
        ["2.16.840.1.113883.10.20.22.4.20"] = "instruction",
        ["2.16.840.1.113883.10.20.22.4.31"] = "age observation",
        ["2.16.840.1.113883.10.20.22.4.32"] = "service delivery location",
        ["2.16.840.1.113883.10.20.22.4.37"] = "product instance",
        ["2.16.840.1.113883.10.20.22.4.53"] = "immunization refusal reason",
        ["2.16.840.1.113883.10.20.22.4.64"] = "comment",
        ["2.16.840.1.113883.10.20.22.4.69"] = "assessment scale observation",
        ["2.16.840.1.113883.10.20.22.4.72"] = "caregiver characteristics",
        ["2.16.840.1.113883.10.20.22.4.80"] = "encounter diagnosis",
        ["2.16.840.1.113883.10.20.22.4.119"] = "author participation",
        ["2.16.840.1.113883.10.20.1.41"] = "episode observation",
        ["2.16.840.1.113883.10.20.22.4.24"] = "drug vehicle",
        ["2.16.840.1.113883.10.20.22.4.25"] = "precondition",
        ["2.16.840.1.113883.10.20.22.4.118"] = "substance administered act",
        ["2.16.840.1.113883.10.20.1.45"] = "location participation",
        ["2.16.840.1.113883.10.20.1.46"] = "medication series number observation",
        ["2.16.840.1.113883.10.20.1.52"] = "product instance",
        ["2.16.840.1.113883.10.20.1.54"] = "reaction observation",
        ["1.3.6.1.4.1.19376.1.5.3.1.4.2"] = "comment",
    };

    /// <summary>
    /// Walks <paramref name="statement"/> (mapped): its participations not in <paramref name="consumed"/> are
    /// reported; a nested act in <paramref name="consumed"/> was mapped, so it is looked at in turn; any other nested
    /// act is reported (with everything inside it).
    /// </summary>
    public static void Report(XElement statement, CdaEntry entry, IReadOnlyCollection<XElement> consumed)
    {
        foreach (var participation in statement.Elements().Where(e => e.Name.Namespace == V3 && Participations.Contains(e.Name.LocalName) && !consumed.Contains(e)))
        {
            entry.NotImported($"{DescribeParticipation(participation)} of the {Name(statement)} not imported");
        }

        foreach (var nested in Children(statement))
        {
            if (consumed.Contains(nested))
            {
                Report(nested, entry, consumed);
            }
            else
            {
                entry.NotImported($"nested {Describe(nested)} not imported");
            }
        }
    }

    private static IEnumerable<XElement> Children(XElement act) =>
        act.Elements().Where(e => e.Name == V3 + "entryRelationship" || e.Name == V3 + "component" || e.Name == V3 + "precondition")
            .Select(link => link.Elements().FirstOrDefault(e => e.Name.Namespace == V3 && Acts.Contains(e.Name.LocalName)))
            .OfType<XElement>();

    /// <summary>What a mapped act is called in a participation's report line: its template's name, else its element.</summary>
    private static string Name(XElement act) =>
        Templates(act).Select(t => Names.GetValueOrDefault(t)).FirstOrDefault(n => n is not null) ?? act.Name.LocalName;

    /// <summary>e.g. <c>performer</c>, <c>participant LOC (service delivery location, templateId …)</c>; never a person's name.</summary>
    private static string DescribeParticipation(XElement participation)
    {
        var templates = Templates(participation).ToList();
        var role = participation.Elements().FirstOrDefault(e => e.Name.Namespace == V3 && !e.Name.LocalName.Equals("templateId", StringComparison.Ordinal) && !e.Name.LocalName.Equals("time", StringComparison.Ordinal));
        templates.AddRange(role is null ? [] : Templates(role));
        var name = templates.Select(t => Names.GetValueOrDefault(t)).FirstOrDefault(n => n is not null);
        var typeCode = (string?)participation.Attribute("typeCode");
        var head = participation.Name.LocalName + (participation.Name.LocalName == "participant" && typeCode is not null ? " " + typeCode : string.Empty);
        string?[] details = [name, templates.Count == 0 ? null : "templateId " + templates[^1]];
        var stated = details.OfType<string>().ToList();
        return stated.Count == 0 ? head : $"{head} ({string.Join(", ", stated)})";
    }

    private static string Describe(XElement act)
    {
        // A precondition's templateId sits on the precondition, its content on the criterion inside.
        var templates = (act.Name.LocalName == "criterion" ? Templates(act.Parent!).Concat(Templates(act)) : Templates(act)).ToList();
        var name = templates.Select(t => Names.GetValueOrDefault(t)).FirstOrDefault(n => n is not null) ?? act.Name.LocalName;
        var code = Concept(act.Element(V3 + "code"))?.Coding.FirstOrDefault()?.Display ?? Concept(act.Element(V3 + "value"))?.Coding.FirstOrDefault()?.Display;
        string?[] details = [code == name ? null : code, templates.Count == 0 ? null : "templateId " + templates[^1]];
        var stated = details.OfType<string>().ToList();
        return stated.Count == 0 ? name : $"{name} ({string.Join(", ", stated)})";
    }
}
