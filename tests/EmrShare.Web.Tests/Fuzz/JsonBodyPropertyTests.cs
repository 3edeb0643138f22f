using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrShare.Web.Hosting;
using EmrShare.Web.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace EmrShare.Web.Tests.Fuzz;

/// <summary>
/// Property (FsCheck generators): for every JSON-body operation in the OpenAPI documents (sign-in excluded — it
/// is deliberately slow, PBKDF2), any JSON object built from the schema's property names with arbitrary values —
/// strings, numbers, booleans, nulls, arrays, and hex strings of the exact id lengths so requests reach the
/// domain checks and the chain — is answered 2xx or 4xx, never 5xx.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class JsonBodyPropertyTests(WebNetwork web)
{
    private const int SamplesPerOperation = 150;

    private static readonly Gen<JsonNode?> Value = Gen.Frequency(
        (3, ArbMap.Default.GeneratorFor<string>().Select(s => (JsonNode?)JsonValue.Create(s))),
        (3, Gen.Elements(20, 32, 33, 1, 0).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255), n)).Select(b => (JsonNode?)JsonValue.Create("0x" + Convert.ToHexStringLower(b.Select(x => (byte)x).ToArray())))),
        (2, ArbMap.Default.GeneratorFor<int>().Select(i => (JsonNode?)JsonValue.Create(i))),
        (1, ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => (JsonNode?)JsonValue.Create(d))),
        (1, ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Constant<JsonNode?>(null)),
        (1, Gen.Constant<JsonNode?>(JsonValue.Create(DateTimeOffset.UtcNow.AddDays(3)))),
        (1, Gen.ListOf(ArbMap.Default.GeneratorFor<string>()).Select(l => (JsonNode?)new JsonArray([.. l.Select(x => (JsonNode?)JsonValue.Create(x))]))));

    [Fact]
    public async Task JsonOperations_ArbitrarySchemaShapedBodies_NeverAnswer5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        var targets = new (EmrShareWebApp App, Role Role)[] { (web.Center, Role.CenterAdmin), (web.HospitalA, Role.Clinician), (web.Patient, Role.Patient) };
        var failures = new List<string>();
        var cases = 0;
        var beyondBinding = 0;
        foreach (var (app, role) in targets)
        {
            // The API reference is admin-only by default: read it as the app's administrator.
            var doc = web.Client(app, role == Role.Clinician ? Role.HospitalAdmin : role);
            using var openApi = JsonDocument.Parse(await doc.GetStringAsync("openapi/v1.json", ct));
            var operations = OpenApiOperation.Read(openApi.RootElement)
                .Where(o => o.BodyProperties.Count > 0 && !o.Path.StartsWith("/api/session", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(operations);
            var client = web.Client(app, role);
            foreach (var operation in operations)
            {
                var bodies = Gen.Sample(BodyFor(operation.BodyProperties), SamplesPerOperation, 30);
                var path = operation.PathParameters.Aggregate(operation.Path, (p, name) => p.Replace("{" + name + "}", "0x" + new string('0', 64), StringComparison.Ordinal));
                foreach (var body in bodies)
                {
                    cases++;
                    using var message = new HttpRequestMessage(new HttpMethod(operation.Method), path.TrimStart('/')) { Content = new StringContent(body) };
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await client.SendAsync(message, ct);
                    if (response.StatusCode != System.Net.HttpStatusCode.BadRequest)
                    {
                        beyondBinding++;
                    }

                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{role} {operation.Method} {operation.Path} {(int)response.StatusCode} body={body[..Math.Min(body.Length, 300)]}");
                    }
                }
            }
        }

        Assert.True(cases >= 1_000, $"only {cases} cases ran");

        // The generators must also produce well-formed requests, or only the input validation is exercised.
        Assert.True(beyondBinding >= cases / 50, $"only {beyondBinding} of {cases} bodies got past validation");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} failed:\n" + string.Join('\n', failures.Take(20)));
    }

    private static Gen<JsonNode?> Hex(int bytes) =>
        Gen.ArrayOf(Gen.Choose(0, 255), bytes).Select(b => (JsonNode?)JsonValue.Create("0x" + Convert.ToHexStringLower([.. b.Select(x => (byte)x)])));

    /// <summary>A well-formed value for a property, by name (so some requests pass validation and reach the node and chain).</summary>
    private static Gen<JsonNode?> Plausible(string property) => property switch
    {
        "grantId" or "recordId" or "identityCommitment" => Hex(32),
        "encryptionKey" => Hex(33),
        "pseudonyms" => Gen.ListOf(Hex(20)).Select(l => (JsonNode?)new JsonArray([.. l.Take(4)])),
        "recordIds" => Gen.ListOf(Hex(32)).Select(l => (JsonNode?)new JsonArray([.. l.Take(2)])),
        "expiry" => Gen.Choose(1, 400).Select(d => (JsonNode?)JsonValue.Create(DateTimeOffset.UtcNow.AddDays(d))),
        "reasonCode" => Gen.Choose(0, 4).Select(c => (JsonNode?)JsonValue.Create(c)),
        "indexGasEther" => Gen.Choose(0, 3).Select(e => (JsonNode?)JsonValue.Create((decimal)e / 2)),
        "name" or "username" or "password" => ArbMap.Default.GeneratorFor<string>().Select(x => (JsonNode?)JsonValue.Create("n" + x)),
        _ => Hex(20),
    };

    /// <summary>
    /// A JSON object over a random subset of the schema's properties (plus sometimes an unknown one); one body in
    /// three is made of well-formed values only.
    /// </summary>
    private static Gen<string> BodyFor(IReadOnlyList<string> properties) => Gen.Frequency(
        (1, Gen.CollectToArray(properties.Select(Plausible)).Select(values => Serialize(properties, values, [.. properties.Select(_ => true)], null))),
        (2, ArbitraryBodyFor(properties)));

    private static Gen<string> ArbitraryBodyFor(IReadOnlyList<string> properties) =>
        from values in Gen.ArrayOf(Value, properties.Count)
        from keep in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), properties.Count)
        from extra in Gen.Frequency((4, Gen.Constant<string?>(null)), (1, ArbMap.Default.GeneratorFor<string>().Select(s => (string?)s)))
        select Serialize(properties, values, keep, extra);

    private static string Serialize(IReadOnlyList<string> properties, JsonNode?[] values, bool[] keep, string? extra)
    {
        var body = new JsonObject();
        for (var i = 0; i < properties.Count; i++)
        {
            if (keep[i])
            {
                body[properties[i]] = values[i]?.DeepClone();
            }
        }

        if (!string.IsNullOrEmpty(extra) && !body.ContainsKey(extra))
        {
            body[extra] = "extra";
        }

        return body.ToJsonString();
    }
}
