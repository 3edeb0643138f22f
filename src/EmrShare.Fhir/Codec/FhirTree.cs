using System.Collections;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Codec;

/// <summary>Depth-first walk over a Firely POCO tree (Firely 6 exposes children only as name/value pairs).</summary>
internal static class FhirTree
{
    public static IEnumerable<Base> Descendants(Base root)
    {
        var stack = new Stack<Base>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var (_, value) in node.EnumerateElements())
            {
                switch (value)
                {
                    case Base child:
                        yield return child;
                        stack.Push(child);
                        break;
                    case IEnumerable list and not string:
                        foreach (var item in list)
                        {
                            if (item is Base element)
                            {
                                yield return element;
                                stack.Push(element);
                            }
                        }

                        break;
                }
            }
        }
    }
}
