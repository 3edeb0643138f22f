using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EmrShare.Fuzz.Tests.Infrastructure;

/// <summary>
/// Mutates one field of a valid JSON DTO at a time (value edits, wrong types, nulls, removal, swaps, oversize
/// values), so the DTO still deserialises and the component's own checks see the change; 1 in 8 cases is a
/// byte-level mutation of the whole text instead (broken JSON for the deserialiser).
/// </summary>
public static class JsonFieldMutator
{
    private const string Alphabet = "0123456789abcdefABCDEFx+/=";

    public static string Mutate(Random random, string json)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (random.Next(8) == 0)
        {
            return Encoding.UTF8.GetString(Mutator.Bytes(random, [Encoding.UTF8.GetBytes(json)]));
        }

        var root = JsonNode.Parse(json)!.AsObject();
        var names = root.Select(p => p.Key).ToList();
        var name = names[random.Next(names.Count)];
        var value = root[name];
        root[name] = random.Next(12) switch
        {
            0 or 1 or 2 or 3 => EditValue(random, value),
            4 => null,
            5 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
            6 => JsonValue.Create(random.Next(2) == 0),
            7 => new JsonArray(JsonValue.Create("0x00")),
            8 => new JsonObject { ["x"] = 1 },
            9 => JsonValue.Create("0x" + new string('a', 2 * random.Next(1, 5_000))),
            10 => root[names[random.Next(names.Count)]]?.DeepClone(),
            _ => JsonValue.Create(Mutator.RandomText(random, random.Next(70), Alphabet)),
        };
        if (random.Next(20) == 0)
        {
            root.Remove(names[random.Next(names.Count)]);
        }

        if (random.Next(20) == 0)
        {
            root["unexpected" + random.Next(3)] = "0x01";
        }

        return root.ToJsonString();
    }

    /// <summary>Deserialises like a node's transport does; a JSON <c>null</c> body is a transport-level rejection too.</summary>
    public static T Deserialize<T>(string json, JsonSerializerOptions options)
        where T : class =>
        JsonSerializer.Deserialize<T>(json, options) ?? throw new JsonException("empty body");

    private static JsonNode? EditValue(Random random, JsonNode? value)
    {
        if (value is JsonValue number && number.TryGetValue<long>(out var n))
        {
            return random.Next(4) switch
            {
                0 => JsonValue.Create(n + 1),
                1 => JsonValue.Create(n - random.Next(1, 1_000)),
                2 => JsonValue.Create(-n),
                _ => JsonValue.Create(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "0"),
            };
        }

        if (value is JsonValue text && text.TryGetValue<string>(out var s) && s.Length > 0)
        {
            return JsonValue.Create(Mutator.Text(random, [s], Alphabet));
        }

        return JsonValue.Create(Mutator.RandomText(random, random.Next(70), Alphabet));
    }
}
