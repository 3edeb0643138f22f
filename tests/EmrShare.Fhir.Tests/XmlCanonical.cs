using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// What FHIR XML legitimately does not preserve, normalised on a copy so XML round trips can be compared
/// exactly: whitespace inside narrative XHTML (re-indented, entities re-spelled, empty elements) and leading or
/// trailing whitespace of string values (R4: SHOULD be removed in XML).
/// </summary>
public static partial class XmlCanonical
{
    public static Resource Normalize(Resource resource)
    {
        var copy = (Resource)resource.DeepCopy();
        foreach (var node in Walk(copy))
        {
            switch (node)
            {
                case Narrative narrative when narrative.Div is not null:
                    narrative.Div = Canonical(narrative.Div);
                    break;
                case PrimitiveType { JsonValue: string text } primitive and not XHtml:
                    primitive.JsonValue = text.Trim();
                    break;
            }
        }

        return copy;
    }

    private static string Canonical(string div)
    {
        var element = System.Xml.Linq.XElement.Parse(div, System.Xml.Linq.LoadOptions.None);
        var text = element.ToString(System.Xml.Linq.SaveOptions.DisableFormatting);
        return Whitespace().Replace(BetweenTags().Replace(text, "><"), " ");
    }

    private static IEnumerable<Base> Walk(Base root)
    {
        yield return root;
        foreach (var (_, value) in root.EnumerateElements())
        {
            var children = value switch
            {
                Base single => [single],
                System.Collections.IEnumerable list and not string => list.OfType<Base>(),
                _ => [],
            };
            foreach (var child in children)
            {
                foreach (var node in Walk(child))
                {
                    yield return node;
                }
            }
        }
    }

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
