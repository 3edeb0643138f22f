using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using EmrShare.TestSupport;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// A loopback JSON-RPC forwarder in front of a real chain node that can fail chosen methods (503 from the proxy: the
/// node behind it is unreachable, a transport failure like a dead node) — to put a chain outage exactly between two calls of one code path, which a
/// kill -9 hits only by chance.
/// </summary>
internal sealed class FlakyRpcProxy : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _upstream;
    private readonly Task _loop;

    public FlakyRpcProxy(Uri upstream)
    {
        _upstream = upstream;
        Url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url { get; }

    /// <summary>JSON-RPC methods currently dropped (e.g. <c>eth_call</c>).</summary>
    public ConcurrentDictionary<string, bool> Dropped { get; } = new(StringComparer.Ordinal);

    /// <summary>How many calls were dropped so far.</summary>
    public int DroppedCalls => _dropped;

    private int _dropped;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // stopping ends the accept loop
        }

        _http.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var request = body.ToArray();
            using (var json = JsonDocument.Parse(request))
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("method", out var method)
                    && Dropped.ContainsKey(method.GetString() ?? string.Empty))
                {
                    Interlocked.Increment(ref _dropped);
                    context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
                    context.Response.Close();
                    return;
                }
            }

            using var content = new ByteArrayContent(request);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await _http.PostAsync(_upstream, content);
            var bytes = await answer.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or HttpListenerException or JsonException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }
}
