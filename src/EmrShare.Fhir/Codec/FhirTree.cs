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

    /// <summary>Descendants that are not inside a nested resource (a Bundle entry or a contained resource).</summary>
    public static IEnumerable<T> OwnElements<T>(Base root)
        where T : Base
    {
        var stack = new Stack<Base>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var (_, value) in node.EnumerateElements())
            {
                IEnumerable items = value is Base single ? new[] { single } : value as IEnumerable ?? Array.Empty<Base>();
                if (value is string)
                {
                    continue;
                }

                foreach (var item in items)
                {
                    if (item is Resource || item is not Base element)
                    {
                        continue;
                    }

                    if (element is T match)
                    {
                        yield return match;
                    }

                    stack.Push(element);
                }
            }
        }
    }
}
