using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EmrShare.Web.Security;

/// <summary>
/// Last step before any problem response is written: its texts never quote what the client sent (a quoted value,
/// a hex id, a long run of digits could be PHI or a key), and its issue list is capped so an invalid body cannot make
/// the answer larger than the question. The full count is still reported (<c>issueCount</c>).
/// </summary>
internal static partial class ProblemRedaction
{
    public const int MaxIssues = 100;
    public const int MaxTextLength = 300;
    public const string Placeholder = "…";

    public static void Apply(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail = Redact(problem.Detail);
        if (problem.Extensions.TryGetValue("issues", out var issues) && issues is not null)
        {
            var (capped, count) = Cap(issues);
            problem.Extensions["issues"] = capped;
            problem.Extensions["issueCount"] = count;
        }

        if (problem.Extensions.TryGetValue("errors", out var errors) && errors is IReadOnlyDictionary<string, string[]> fields)
        {
            problem.Extensions["errors"] = fields.Take(MaxIssues).ToDictionary(f => Redact(f.Key)!, f => f.Value.Take(10).Select(m => Redact(m)!).ToArray(), StringComparer.Ordinal);
        }
    }

    /// <summary>The text with every quoted or id-like fragment replaced, and cut to <see cref="MaxTextLength"/>.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var redacted = Quoted().Replace(text, "'" + Placeholder + "'");
        redacted = IdLike().Replace(redacted, Placeholder);
        return redacted.Length <= MaxTextLength ? redacted : string.Concat(redacted.AsSpan(0, MaxTextLength), Placeholder);
    }

    private static (JsonArray Issues, int Count) Cap(object issues)
    {
        var all = JsonSerializer.SerializeToNode(issues) as JsonArray ?? [];
        var capped = new JsonArray();
        foreach (var issue in all.Take(MaxIssues))
        {
            if (issue is JsonObject item)
            {
                capped.Add(new JsonObject
                {
                    ["code"] = Redact(item["code"]?.ToString()),
                    ["location"] = Redact(item["location"]?.ToString()),
                    ["message"] = Redact(item["message"]?.ToString()),
                });
            }
        }

        return (capped, all.Count);
    }

    // '…', "…", `…` and “…” quotes, within one line and up to a sane length.
    [GeneratedRegex("""'[^'\r\n]{1,512}'|"[^"\r\n]{1,512}"|`[^`\r\n]{1,512}`|“[^”\r\n]{1,512}”""")]
    private static partial Regex Quoted();

    // 0x-hex (addresses, hashes, record ids) and runs of 6+ digits (phone, MRN, dates written as digits).
    [GeneratedRegex(@"0x[0-9a-fA-F]{6,}|\d{6,}")]
    private static partial Regex IdLike();
}
