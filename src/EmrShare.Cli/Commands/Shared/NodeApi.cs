using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Authentication;
using System.Text.Json;
using EmrShare.Core.Errors;
using EmrShare.ServiceDefaults;

namespace EmrShare.Cli.Commands.Shared;

/// <summary>
/// A command's client for a running node's REST API (<c>--node</c>): the operator token as bearer, the node's
/// certificate checked by the one peer-trust rule (<see cref="PeerTrust"/>: the <c>--ca-bundle</c> CAs, else the
/// system store). Any refusal becomes a <see cref="NodeRefusedException"/> carrying the node's problem detail.
/// </summary>
internal sealed class NodeApi : IDisposable
{
    public const string TokenVariable = "EMRSHARE_TOKEN";

    private readonly HttpClient _http;

    private NodeApi(HttpClient http) => _http = http;

    public static NodeApi Open(ActorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var token = ReadToken(settings.TokenFile);
        SocketsHttpHandler handler;
        try
        {
            handler = PeerTrust.CreateHandler(settings.CaBundle);
        }
        catch (ServiceConfigurationException ex)
        {
            throw new CliUsageException("--ca-bundle: " + ex.Message, ex);
        }

        var http = new HttpClient(handler) { BaseAddress = Urls.Parse(settings.Node!, "--node"), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new NodeApi(http);
    }

    /// <summary>A client without a token, for the sign-in that issues one.</summary>
    public static NodeApi Anonymous(string node, string? caBundle)
    {
        try
        {
            return new NodeApi(new HttpClient(PeerTrust.CreateHandler(caBundle)) { BaseAddress = Urls.Parse(node, "--node"), Timeout = TimeSpan.FromSeconds(60) });
        }
        catch (ServiceConfigurationException ex)
        {
            throw new CliUsageException("--ca-bundle: " + ex.Message, ex);
        }
    }

    public async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> PostAsync<T>(string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken).ConfigureAwait(false);
    }

    public async Task<T> DeleteAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    public static HttpContent Json<T>(T body) => JsonContent.Create(body, options: JsonSerializerOptions.Web);

    public void Dispose() => _http.Dispose();

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, cancellationToken).ConfigureAwait(false)
        ?? throw new NodeRefusedException(response.StatusCode, "the node answered with an empty body");

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (request)
        {
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
            {
                throw new NodeTlsException(_http.BaseAddress!, ex);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new NodeRefusedException(response.StatusCode, await DetailAsync(response, cancellationToken).ConfigureAwait(false));
        }
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = problem.RootElement;
            return root.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 } text ? text
                : root.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } t ? t
                : response.ReasonPhrase ?? string.Empty;
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? string.Empty;
        }
    }

    private static string ReadToken(string? file)
    {
        string? token;
        if (file is not null)
        {
            token = File.Exists(file) ? File.ReadLines(file).FirstOrDefault()?.Trim() : throw new CliUsageException($"token file not found: {file}");
        }
        else
        {
            token = Environment.GetEnvironmentVariable(TokenVariable)?.Trim();
        }

        return string.IsNullOrEmpty(token)
            ? throw new CliUsageException($"no operator token: pass --token-file FILE or set {TokenVariable} (get one with 'emrshare hospital token create')")
            : token;
    }
}

/// <summary>The node answered a <c>--node</c> call with an error status; <see cref="Detail"/> is its problem detail.</summary>
[ErrorKind(ErrorKind.Refused)]
public sealed class NodeRefusedException(HttpStatusCode status, string detail)
    : Core.EmrShareException($"the node answered {(int)status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public string Detail { get; } = detail;

    /// <summary>
    /// What the node's status means here: a refused operator token (401) is its own kind (exit 6, our token refused by
    /// our node); any other status reads as a remote answer (<see cref="RemoteErrorKinds"/>), so the node's fault (500)
    /// or a 499 is an upstream failure, not our own fault or an interrupt.
    /// </summary>
    public override ErrorKind Kind => (int)Status == 401 ? ErrorKind.CredentialsRefused : RemoteErrorKinds.FromRemote(null, (int)Status);
}

/// <summary>The node's TLS certificate was not accepted (not from the <c>--ca-bundle</c> CAs, or the wrong host name).</summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class NodeTlsException(Uri node, Exception inner)
    : Core.EmrShareException($"TLS: the certificate of {node.Authority} is not trusted (it must chain to a CA of --ca-bundle, or the system store without one, and name the host)", inner);
