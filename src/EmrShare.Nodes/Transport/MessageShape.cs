using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// Edge check of a parsed node message: every member its record declares non-nullable is present, in the message and
/// in every nested EmrShare record and list. JSON gives <c>null</c> for a missing string or object, which would
/// otherwise surface deep inside the protocol as a crash (a 500) instead of a 400 naming the field.
/// </summary>
internal static class MessageShape
{
    private const int MaxDepth = 16;
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool Required)[]> Members = new();
    private static readonly NullabilityInfoContext Nullability = new();
    private static readonly Lock NullabilityGate = new();

    public static void EnsureComplete(object message, string path, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new NodeException($"message nested too deeply at {path}");
        }

        if (message is IEnumerable list and not string)
        {
            var index = 0;
            foreach (var item in list)
            {
                var at = $"{path}[{index++}]";
                if (item is null)
                {
                    throw new NodeException($"missing {at}");
                }

                EnsureComplete(item, at, depth + 1);
            }

            return;
        }

        var type = message.GetType();
        if (type.Namespace?.StartsWith("EmrShare", StringComparison.Ordinal) != true || type.IsEnum || type.IsPrimitive)
        {
            return;
        }

        foreach (var (property, required) in Members.GetOrAdd(type, Describe))
        {
            var value = property.GetValue(message);
            var at = path.Length == 0 ? Camel(property.Name) : $"{path}.{Camel(property.Name)}";
            if (value is null)
            {
                if (required)
                {
                    throw new NodeException($"missing {at}");
                }

                continue;
            }

            if (!property.PropertyType.IsValueType || property.PropertyType.Namespace?.StartsWith("EmrShare", StringComparison.Ordinal) == true)
            {
                EnsureComplete(value, at, depth + 1);
            }
        }
    }

    private static (PropertyInfo, bool)[] Describe(Type type)
    {
        lock (NullabilityGate)
        {
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead && p.DeclaringType != typeof(object) && p.GetMethod!.IsPublic)
                .Where(p => p.PropertyType != typeof(Type) && p.Name != "EqualityContract")
                .Select(p => (p, !p.PropertyType.IsValueType && Nullability.Create(p).ReadState == NullabilityState.NotNull))
                .ToArray();
        }
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
