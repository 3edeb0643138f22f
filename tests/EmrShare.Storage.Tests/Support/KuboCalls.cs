using System.Net.Http.Headers;
using System.Text.Json;

namespace EmrShare.Storage.Tests.Support;

/// <summary>Raw Kubo RPC calls the conformance suites send alike to the embedded store and to js-ipfs.</summary>
public static class KuboCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One part of an add body: a file (content) or, with null content, an <c>application/x-directory</c> entry.</summary>
    public sealed record Part(string Path, byte[]? Content);

    public sealed record Added(string Name, string Hash, string Size);

    /// <summary>A body as Kubo's clients send a tree: each part named "file", its path percent-encoded in filename.</summary>
    public static MultipartFormDataContent Tree(params Part[] parts) => Tree(jsFieldNames: false, parts);

    /// <summary>With <paramref name="jsFieldNames"/>, fields named as the js clients name them: "file", "dir-1", "file-2"…</summary>
    public static MultipartFormDataContent Tree(bool jsFieldNames, params Part[] parts)
    {
        var body = new MultipartFormDataContent();
        foreach (var (part, index) in parts.Select((p, i) => (p, i)))
        {
            var content = new ByteArrayContent(part.Content ?? []);
            content.Headers.ContentType = new MediaTypeHeaderValue(part.Content is null ? "application/x-directory" : "application/octet-stream");
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
            {
                Name = "\"" + (jsFieldNames ? (part.Content is null ? "dir" : "file") + (index > 0 ? "-" + index : string.Empty) : "file") + "\"",
                FileName = "\"" + Uri.EscapeDataString(part.Path) + "\"",
            };
            body.Add(content);
        }

        return body;
    }

    public static async Task<List<Added>> AddAsync(HttpClient http, Uri node, string query, MultipartFormDataContent body)
    {
        using var response = await http.PostAsync(new Uri(node, "api/v0/add?progress=false&" + query), body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("Hash", out _))
            .Select(e => new Added(e.GetProperty("Name").GetString()!, e.GetProperty("Hash").GetString()!, SizeOf(e)))];
    }

    public static async Task<(int Status, string Body)> PostAsync(HttpClient http, Uri node, string pathAndQuery, HttpContent? body = null)
    {
        using var response = await http.PostAsync(new Uri(node, "api/v0/" + pathAndQuery), body, Ct);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<byte[]> PostBytesAsync(HttpClient http, Uri node, string pathAndQuery)
    {
        using var response = await http.PostAsync(new Uri(node, "api/v0/" + pathAndQuery), null, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    public static void AssertKuboError(string body, int code)
    {
        using var json = JsonDocument.Parse(body);
        Assert.Equal("error", json.RootElement.GetProperty("Type").GetString());
        Assert.Equal(code, json.RootElement.GetProperty("Code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("Message").GetString()));
    }

    // Kubo answers Size as a string; js-ipfs as a number.
    private static string SizeOf(JsonElement e) =>
        e.TryGetProperty("Size", out var size) ? (size.ValueKind == JsonValueKind.String ? size.GetString()! : size.GetRawText()) : string.Empty;
}
