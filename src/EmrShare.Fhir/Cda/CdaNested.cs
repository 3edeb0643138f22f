using System.Xml.Linq;
using static EmrShare.Fhir.Cda.CdaValues;

namespace EmrShare.Fhir.Cda;

/// <summary>
/// The acts nested in a mapped entry (entryRelationship chains, organizer components) that its mapping did not
/// take are reported one by one, each with what it is: nothing inside a mapped entry is dropped without a word.
/// </summary>
internal static class CdaNested
{
    private static readonly HashSet<string> Acts = new(StringComparer.Ordinal)
    {
        "observation", "act", "substanceAdministration", "supply", "procedure", "encounter", "organizer", "observationMedia", "regionOfInterest", "criterion",
    };

    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["2.16.840.1.113883.10.20.22.4.17"] = "medication supply order",
        ["2.16.840.1.113883.10.20.22.4.18"] = "medication dispense",
        ["2.16.840.1.113883.10.20.22.4.20"] = "instruction",
        ["2.16.840.1.113883.10.20.22.4.64"] = "comment",
        ["2.16.840.1.113883.10.20.22.4.69"] = "assessment scale observation",
        ["2.16.840.1.113883.10.20.22.4.72"] = "caregiver characteristics",
        ["2.16.840.1.113883.10.20.1.41"] = "episode observation",
        ["2.16.840.1.113883.10.20.22.4.25"] = "precondition",
    };

    /// <summary>
    /// Walks <paramref name="statement"/>: an act in <paramref name="consumed"/> was mapped, so its own nested acts are
    /// looked at in turn; any other nested act is reported (with everything inside it).
    /// </summary>
    public static void Report(XElement statement, CdaEntry entry, IReadOnlyCollection<XElement> consumed)
    {
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
