using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EmrShare.Wallet.Records;

/// <summary>
/// A decrypted record made readable on the phone: a title, a date and one line per clinical entry (who, what,
/// value), plus the full content. FHIR JSON is summarised here without the Firely stack (too large for a phone
/// download); any other content (FHIR XML) is shown as text.
/// </summary>
public sealed record ReadableRecord(string Title, string Date, IReadOnlyList<string> Lines, string Full)
{
    public static ReadableRecord From(byte[] content, string contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = Encoding.UTF8.GetString(content);
        if (contentType is null || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new ReadableRecord(contentType ?? "record", string.Empty, [], text);
        }

        try
        {
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            var resources = Resources(root).ToList();
            var lines = resources.Select(Line).Where(line => line.Length > 0).ToList();
            var full = JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true });
            return new ReadableRecord(TitleOf(root, resources), resources.Select(DateOf).FirstOrDefault(d => d.Length > 0) ?? string.Empty, lines, full);
        }
        catch (JsonException)
        {
            return new ReadableRecord("record (not readable JSON)", string.Empty, [], text);
        }
    }

    private static IEnumerable<JsonElement> Resources(JsonElement root)
    {
        if (Str(root, "resourceType") == "Bundle" && root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.TryGetProperty("resource", out var resource) && resource.ValueKind == JsonValueKind.Object)
                {
                    yield return resource;
                }
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            yield return root;
        }
    }

    private static string TitleOf(JsonElement root, List<JsonElement> resources)
    {
        var composition = resources.FirstOrDefault(r => Str(r, "resourceType") == "Composition");
        if (composition.ValueKind == JsonValueKind.Object && Str(composition, "title") is { Length: > 0 } title)
        {
            return title;
        }

        var clinical = resources.FirstOrDefault(r => Str(r, "resourceType") is not ("Patient" or "Practitioner" or "Organization") && What(r).Length > 0);
        if (clinical.ValueKind == JsonValueKind.Object)
        {
            return What(clinical);
        }

        return Str(root, "resourceType") is { Length: > 0 } type ? type : "record";
    }

    private static string Line(JsonElement resource)
    {
        var type = Str(resource, "resourceType");
        var what = type == "Patient" ? PersonName(resource) : What(resource);
        var value = resource.TryGetProperty("valueQuantity", out var quantity)
            ? $" {Number(quantity, "value")} {Str(quantity, "unit")}".TrimEnd()
            : string.Empty;
        var detail = type == "MedicationRequest" && resource.TryGetProperty("dosageInstruction", out var dosage) && dosage.ValueKind == JsonValueKind.Array && dosage.GetArrayLength() > 0
            ? " — " + Str(dosage[0], "text")
            : string.Empty;
        return what.Length == 0 ? type : $"{type}: {what}{value}{detail}";
    }

    /// <summary>What a resource is about: its code, type or medication, as text.</summary>
    private static string What(JsonElement resource)
    {
        foreach (var name in new[] { "code", "medicationCodeableConcept", "type", "vaccineCode" })
        {
            if (resource.TryGetProperty(name, out var concept))
            {
                var first = concept.ValueKind == JsonValueKind.Array && concept.GetArrayLength() > 0 ? concept[0] : concept;
                if (Concept(first) is { Length: > 0 } text)
                {
                    return text;
                }
            }
        }

        return Str(resource, "title");
    }

    private static string Concept(JsonElement concept)
    {
        if (concept.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (Str(concept, "text") is { Length: > 0 } text)
        {
            return text;
        }

        return concept.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array
            ? codings.EnumerateArray().Select(c => Str(c, "display") is { Length: > 0 } d ? d : Str(c, "code")).FirstOrDefault(s => s.Length > 0) ?? string.Empty
            : string.Empty;
    }

    private static string PersonName(JsonElement resource)
    {
        if (!resource.TryGetProperty("name", out var names) || names.ValueKind != JsonValueKind.Array || names.GetArrayLength() == 0)
        {
            return string.Empty;
        }

        var name = names[0];
        if (Str(name, "text") is { Length: > 0 } text)
        {
            return text;
        }

        var given = name.TryGetProperty("given", out var g) && g.ValueKind == JsonValueKind.Array ? string.Join(' ', g.EnumerateArray().Select(x => x.GetString())) : string.Empty;
        return $"{given} {Str(name, "family")}".Trim();
    }

    private static string DateOf(JsonElement resource)
    {
        foreach (var name in new[] { "effectiveDateTime", "issued", "recordedDate", "authoredOn", "date", "onsetDateTime", "occurrenceDateTime" })
        {
            if (Str(resource, name) is { Length: >= 10 } value)
            {
                return value[..10];
            }
        }

        return resource.TryGetProperty("period", out var period) && Str(period, "start") is { Length: >= 10 } start ? start[..10] : string.Empty;
    }

    private static string Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;

    private static string Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDecimal().ToString(CultureInfo.InvariantCulture)
            : string.Empty;
}
