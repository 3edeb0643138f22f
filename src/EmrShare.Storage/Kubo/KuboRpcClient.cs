using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Kubo;

/// <summary>
/// Thin client of the Kubo RPC API (<c>POST /api/v0/…</c>), also spoken by js-ipfs and by this project's
/// <see cref="Api.KuboApiServer"/>. Only transport and JSON shapes live here; <see cref="KuboBlobStore"/> adds semantics.
/// Every call fails typed: <see cref="KuboApiException"/> for an error the node answered with,
/// <see cref="BlobStoreUnreachableException"/> when it did not answer (refused, reset, or the HttpClient's timeout).
/// </summary>
public sealed class KuboRpcClient
{
    private readonly HttpClient _http;
    private readonly Uri _api;
    private readonly string _blockTimeout;
    private readonly KuboClientCredentials? _credentials;

    /// <param name="http">Shared HttpClient (its Timeout should allow large uploads).</param>
    /// <param name="apiBase">Node address, e.g. <c>http://127.0.0.1:5001/</c>.</param>
    /// <param name="blockTimeout">How long the node may search for a block it lacks before answering "not found".</param>
    /// <param name="credentials">How this client proves itself: the admin token of its own store, or a peer signer for others' stores.</param>
    public KuboRpcClient(HttpClient http, Uri apiBase, TimeSpan? blockTimeout = null, KuboClientCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(apiBase);
        _http = http;
        _api = new Uri(apiBase, "api/v0/");
        _credentials = credentials;
        _blockTimeout = ((long)(blockTimeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var json = await PostJsonAsync("version", null, cancellationToken).ConfigureAwait(false);
        return json.RootElement.GetProperty("Version").GetString() ?? string.Empty;
    }

    /// <summary><c>add</c>: streams <paramref name="content"/> as one multipart file; returns the root and the DAG's cumulative size.</summary>
    public async Task<(Cid Cid, ulong Size)> AddAsync(Stream content, int cidVersion, bool pin, CancellationToken cancellationToken)
    {
        var query = $"add?cid-version={cidVersion}&raw-leaves={(cidVersion == 1 ? "true" : "false")}&pin={(pin ? "true" : "false")}&progress=false" + (cidVersion == 1 ? "&cid-base=base32" : string.Empty);
        using var body = new MultipartFormDataContent();
        var file = new StreamContent(content, 81920);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "file", "blob");
        using var response = await SendAsync(query, body, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        // The answer is newline-delimited JSON (one object per added file, maybe progress lines); the root is the last with a Hash.
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("Hash", out var hash))
            {
                return (Cid.Parse(hash.GetString() ?? string.Empty), ReadSize(json.RootElement));
            }
        }

        throw new KuboApiException("add answered without a Hash");
    }

    /// <summary><c>cat</c>: the file's bytes as the node serves them (not verified here).</summary>
    public async Task<Stream> CatAsync(Cid cid, CancellationToken cancellationToken)
    {
        var response = await SendAsync($"cat?arg={cid}&timeout={_blockTimeout}", null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> BlockGetAsync(Cid cid, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"block/get?arg={cid}&timeout={_blockTimeout}", null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>block/stat</c> with a timeout: true when the node has (or finds) the block.</summary>
    public async Task<bool> BlockExistsAsync(Cid cid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ms = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        try
        {
            using var json = await PostJsonAsync($"block/stat?arg={cid}&offline=true&timeout={ms}ms", null, cancellationToken).ConfigureAwait(false);
            return json.RootElement.TryGetProperty("Key", out _);
        }
        catch (KuboApiException ex) when (ex.MeansNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// <c>block/put</c>. Kubo and js-ipfs disagree on parameter names and defaults, so both dialects' "format"
    /// is sent and the answer's multihash is checked against the locally computed CID, which is returned.
    /// </summary>
    public async Task<Cid> BlockPutAsync(ReadOnlyMemory<byte> block, ulong codec, int cidVersion, CancellationToken cancellationToken)
    {
        var expected = Cid.Create(cidVersion, codec, block.Span);
        using var body = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(block);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "file", "block");
        // js-ipfs refuses to print a CIDv0 in base32, so the base is only requested for CIDv1.
        var query = $"block/put?format={Multicodec.Name(codec)}&version={cidVersion}&mhtype=sha2-256" + (cidVersion == 1 ? "&cid-base=base32" : string.Empty);
        using var json = await PostJsonAsync(query, body, cancellationToken).ConfigureAwait(false);
        var key = Cid.Parse(json.RootElement.GetProperty("Key").GetString() ?? string.Empty);
        return key.Multihash.SequenceEqual(expected.Multihash)
            ? expected
            : throw new KuboApiException($"node stored the block under {key}, expected {expected}");
    }

    public async Task PinAddAsync(Cid cid, CancellationToken cancellationToken)
    {
        using var _ = await PostJsonAsync($"pin/add?arg={cid}&recursive=true&timeout={_blockTimeout}", null, cancellationToken).ConfigureAwait(false);
    }

    public async Task PinRmAsync(Cid cid, CancellationToken cancellationToken)
    {
        using var _ = await PostJsonAsync($"pin/rm?arg={cid}&recursive=true", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recursive pins (all, or whether <paramref name="cid"/> is one).</summary>
    public async Task<IReadOnlyList<Cid>> PinLsAsync(Cid? cid, CancellationToken cancellationToken)
    {
        var query = cid is { } c ? $"pin/ls?arg={c}&type=recursive" : "pin/ls?type=recursive";
        using var json = await PostJsonAsync(query, null, cancellationToken).ConfigureAwait(false);
        var pins = new List<Cid>();
        if (json.RootElement.TryGetProperty("Keys", out var keys))
        {
            foreach (var entry in keys.EnumerateObject())
            {
                pins.Add(Cid.Parse(entry.Name));
            }
        }

        return pins;
    }

    /// <summary><c>repo/gc</c>; returns the number of removed blocks the node reported.</summary>
    public async Task<int> RepoGcAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("repo/gc", null, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            // Kubo, js-ipfs and EmrShare's server: one {"Key"} line per removed block.
            removed += json.RootElement.TryGetProperty("Key", out _) ? 1 : 0;
        }

        return removed;
    }

    private static ulong ReadSize(JsonElement element) =>
        !element.TryGetProperty("Size", out var size) ? 0
        : size.ValueKind == JsonValueKind.String ? ulong.Parse(size.GetString()!, CultureInfo.InvariantCulture)
        : size.GetUInt64();

    private async Task<JsonDocument> PostJsonAsync(string pathAndQuery, HttpContent? body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(pathAndQuery, body, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string pathAndQuery, HttpContent? body, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_api, pathAndQuery)) { Content = body };
        _credentials?.Apply(request);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            // Connection refused/reset, node killed mid-request: a typed storage failure, not a transport detail.
            throw new BlobStoreUnreachableException($"the IPFS node at {_api.GetLeftPart(UriPartial.Authority)} cannot be reached ({ex.HttpRequestError})", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed: a hung node must not look like the caller cancelling.
            throw new BlobStoreUnreachableException(string.Create(CultureInfo.InvariantCulture, $"the IPFS node at {_api.GetLeftPart(UriPartial.Authority)} did not answer within {_http.Timeout.TotalSeconds:0.#} s"), ex) { TimedOut = true };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string message = text;
            var code = 0;
            try
            {
                using var json = JsonDocument.Parse(text);
                message = json.RootElement.GetProperty("Message").GetString() ?? text;
                code = json.RootElement.TryGetProperty("Code", out var c) && c.TryGetInt32(out var n) ? n : 0;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // not a Kubo error object; keep the raw text
            }

            throw new KuboApiException(response.StatusCode, message, code);
        }
    }
}
