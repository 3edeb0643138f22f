using System.Net;
using EmrShare.Fuzz.Tests.Infrastructure;
using EmrShare.Storage;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using EmrShare.TestSupport;

namespace EmrShare.Fuzz.Tests.Storage;

/// <summary>
/// The Kubo-compatible HTTP API over a real embedded store, on loopback: random and hostile requests get a 2xx
/// or a 4xx (Kubo-shaped error body on the API's own routes), never a 5xx — no block here is tampered — never a
/// dropped connection and never a hang (per-request timeout).
/// </summary>
public sealed class KuboApiFuzzTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "emrshare-fuzz-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private SqliteBlobStore? _store;
    private KuboApiServer? _server;
    private readonly List<string> _cids = [];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_directory);
        _store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(_directory, "blobs.db"), MaxBlobBytes: 3 * 1024 * 1024), TimeProvider.System, ct);
        _server = await KuboApiServer.StartAdminAsync(_store, FreePort.Next(), KuboAdminApiOptions.LoopbackOnly, ct);
        _http.BaseAddress = _server.Address;
        // Real content so valid CIDs reach cat/block/pin code paths: a raw leaf, a CIDv0 file and a multi-block DAG.
        foreach (var (size, version, pin) in new[] { (100, 1, true), (5_000, 0, true), (600_000, 1, true), (10, 1, false) })
        {
            using var content = new MemoryStream(Mutator.RandomBytes(new Random(size), size));
            _cids.Add((await _store.PutAsync(content, new PutOptions(version, pin), ct)).ToString());
        }
    }

    [Fact]
    public async Task Requests_RandomAndHostile_No5xxNoDropNoHang()
    {
        var generator = new KuboRequestGenerator(_cids);
        var target = new FuzzTarget<KuboFuzzRequest>(
            "KuboApi.HTTP",
            generator.Next,
            SendAsync,
            e => e is KuboClientErrorException,
            request => request.ToString()) with
        {
            MillisecondsPerCase = 15,
        };
        await FuzzRunner.RunAsync(target, TestContext.Current.CancellationToken);
    }

    private async ValueTask SendAsync(KuboFuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.PathAndQuery.TrimStart('/'));
        var body = new ByteArrayContent(request.Body);
        if (request.ContentType is not null)
        {
            body.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        else
        {
            body.Headers.ContentType = null;
        }

        message.Content = body;
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
        var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
        var status = (int)response.StatusCode;
        FuzzInvariantException.Require(status < 500, $"HTTP {status}: {text[..Math.Min(text.Length, 300)]}");
        if (status >= 400)
        {
            // Kestrel's own rejections (414, 431, malformed request line) and unknown routes have an empty body;
            // everything the API itself answers must be a Kubo error object.
            if (text.Length > 0 || (request.KnownEndpoint && response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge))
            {
                FuzzInvariantException.Require(text.Contains("\"Type\":\"error\"", StringComparison.Ordinal), $"HTTP {status} without a Kubo error body: {text[..Math.Min(text.Length, 300)]}");
            }

            throw new KuboClientErrorException($"{status}: {Shorten(text)}");
        }
    }

    private static string Shorten(string text)
    {
        var message = text.Split("\"Message\":\"", 2) is [_, var rest] ? rest : text;
        return new string(message.TakeWhile(c => c != '"' && !char.IsDigit(c)).Take(50).ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _store?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

/// <summary>A 4xx answer: the API's documented reaction to a bad request.</summary>
public sealed class KuboClientErrorException : Exception
{
    public KuboClientErrorException()
    {
    }

    public KuboClientErrorException(string message)
        : base(message)
    {
    }

    public KuboClientErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
