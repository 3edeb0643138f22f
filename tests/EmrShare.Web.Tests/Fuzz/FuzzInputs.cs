using System.Text;

namespace EmrShare.Web.Tests.Fuzz;

/// <summary>The hostile values the API fuzzer sends: traversal strings, odd numbers, huge and malformed bodies.</summary>
internal static class FuzzInputs
{
    public const int HugeBodyBytes = (4 * 1024 * 1024) + 4096;

    /// <summary>Values for path segments and query strings (sent URL-escaped unless <c>Raw</c>).</summary>
    public static IReadOnlyList<(string Value, bool Raw)> Strings(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        List<(string, bool)> values =
        [
            ("../../etc/passwd", false),
            ("..%2F..%2Fetc%2Fpasswd", true),
            ("%2e%2e%2f%2e%2e%2fetc%2fpasswd", true),
            ("..%252f..%252fetc%252fpasswd", true),
            ("....//....//etc/passwd", false),
            ("..\\..\\windows\\win.ini", false),
            ("%00", true),
            ("0x" + new string('0', 64), false),
            ("0x" + new string('f', 64), false),
            ("0x" + new string('9', 40), false),
            ("-1", false),
            ("99999999999999999999999", false),
            ("1e309", false),
            (new string('A', 8_000), false),
            ("☃💉𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ñ \u202E\u0000\uFEFF", false),
            ("'; DROP TABLE records;--", false),
            ("<script>alert(1)</script>", false),
            ("${jndi:ldap://127.0.0.1/x}", false),
            (" ", false),
            ("null", false),
        ];
        for (var i = 0; i < 4; i++)
        {
            values.Add((RandomString(random, random.Next(1, 200)), false));
        }

        return values;
    }

    /// <summary>Bodies that are not valid JSON, or JSON of the wrong shape, with their content type.</summary>
    public static IReadOnlyList<(string Name, byte[] Body, string ContentType)> MalformedBodies(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var json = "application/json";
        List<(string, byte[], string)> bodies =
        [
            ("empty", [], json),
            ("truncated object", "{\"a\":"u8.ToArray(), json),
            ("open brace", "{"u8.ToArray(), json),
            ("array", "[]"u8.ToArray(), json),
            ("null", "null"u8.ToArray(), json),
            ("string", "\"str\""u8.ToArray(), json),
            ("number", "123"u8.ToArray(), json),
            ("trailing garbage", "{}}}}"u8.ToArray(), json),
            ("deep nesting", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), json),
            ("invalid utf8", [0x7B, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D], json),
            ("xml", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray(), "application/xml"),
            ("text", "hello"u8.ToArray(), "text/plain"),
            ("fhir garbage", "{\"resourceType\":\"../../etc/passwd\"}"u8.ToArray(), "application/fhir+json"),
            ("fhir huge string", Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"" + new string('x', 300_000) + "\"}"), "application/fhir+json"),
            ("hl7 garbage", "MSH|^~\\&|\r\rPID|||||||||||||||||||||||"u8.ToArray(), "text/plain"),
            ("random bytes", RandomBytes(random, 512), "application/octet-stream"),
        ];
        return bodies;
    }

    /// <summary>JSON objects with every known property of the request schema set to a wrong-typed or hostile value.</summary>
    public static IEnumerable<(string Name, byte[] Body)> WrongTypes(IReadOnlyList<string> properties, Random random)
    {
        ArgumentNullException.ThrowIfNull(properties);
        object?[] values = [12345, -1, 1e308, true, new object[] { 1, "x" }, new { nested = new { deeper = 1 } }, "../../etc/passwd", new string('Z', 100_000), "☃💉\u0000", null, RandomString(random, 50)];
        foreach (var value in values)
        {
            var body = properties.ToDictionary(p => p, _ => value);
            yield return ($"all properties = {Describe(value)}", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body));
        }

        // Each property alone wrong while the others are hostile strings.
        foreach (var property in properties)
        {
            var body = properties.ToDictionary(p => p, p => p == property ? (object)new[] { 1, 2, 3 } : "0x" + new string('1', 64));
            yield return ($"{property} = array", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body));
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length > 20 ? $"string({s.Length})" : s,
        _ => value.GetType().Name,
    };

    private static string RandomString(Random random, int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Mix ASCII, controls, BMP and lone surrogates: everything a client might send.
            builder.Append(random.Next(4) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0, 0x20),
                2 => (char)random.Next(0x80, 0xD7FF),
                _ => (char)random.Next(0xD800, 0xDFFF),
            });
        }

        return builder.ToString();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
