using System.Text.Json;

namespace EmrShare.Web.Tests.Fuzz;

/// <summary>One operation of an app's OpenAPI document: method, path template, its parameters and body properties.</summary>
internal sealed record OpenApiOperation(string Method, string Path, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters, bool HasBody, IReadOnlyList<string> BodyProperties)
{
    /// <summary>Every operation in the document, so endpoints added later are fuzzed without touching the tests.</summary>
    public static IReadOnlyList<OpenApiOperation> Read(JsonElement document)
    {
        var operations = new List<OpenApiOperation>();
        var schemas = document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var s) ? s : default;
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                if (op.Name is "parameters" or "summary" or "description")
                {
                    continue;
                }

                var pathParams = new List<string>();
                var queryParams = new List<string>();
                if (op.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var p in parameters.EnumerateArray())
                    {
                        var name = p.GetProperty("name").GetString()!;
                        (p.GetProperty("in").GetString() == "path" ? pathParams : queryParams).Add(name);
                    }
                }

                var hasBody = op.Value.TryGetProperty("requestBody", out var body);
                var properties = hasBody ? PropertiesOf(body, schemas) : [];
                operations.Add(new OpenApiOperation(op.Name.ToUpperInvariant(), path.Name, pathParams, queryParams, hasBody, properties));
            }
        }

        return operations;
    }

    private static IReadOnlyList<string> PropertiesOf(JsonElement body, JsonElement schemas)
    {
        if (!body.TryGetProperty("content", out var content))
        {
            return [];
        }

        foreach (var media in content.EnumerateObject())
        {
            if (media.Value.TryGetProperty("schema", out var schema))
            {
                if (schema.TryGetProperty("$ref", out var reference) && schemas.ValueKind == JsonValueKind.Object)
                {
                    var name = reference.GetString()!.Split('/')[^1];
                    schema = schemas.TryGetProperty(name, out var resolved) ? resolved : schema;
                }

                if (schema.TryGetProperty("properties", out var properties))
                {
                    return [.. properties.EnumerateObject().Select(p => p.Name)];
                }
            }
        }

        return [];
    }
}
