using System.Net;
using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Handshake;
using EmrShare.Nodes.Hospital;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// The hospital endpoint over HTTP (loopback or behind a TLS proxy): five JSON POST routes, one per
/// <see cref="IHospitalEndpoint"/> call. Refusals map to 4xx with <c>{"error": type, "message": text}</c> so the
/// client can raise the same typed exception; messages never contain keys or PHI.
/// </summary>
public sealed class HospitalHttpServer : IAsyncDisposable
{
    public const int MaxBodyBytes = 1024 * 1024;
    private readonly HttpListener _listener = new();
    private readonly HospitalService _hospital;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private HospitalHttpServer(HospitalService hospital, int port)
    {
        _hospital = hospital;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseAddress.ToString());
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    public static HospitalHttpServer Start(HospitalService hospital, int port)
    {
        ArgumentNullException.ThrowIfNull(hospital);
        return new HospitalHttpServer(hospital, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop with one of these.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var body = await ReadBodyAsync(context.Request).ConfigureAwait(false);
            var ct = _stop.Token;
            byte[] result = (context.Request.HttpMethod, context.Request.Url?.AbsolutePath) switch
            {
                ("POST", "/v1/visit/begin") => NodeJson.ToUtf8(await _hospital.BeginVisitAsync(NodeJson.FromUtf8<HandshakeInit>(body), ct).ConfigureAwait(false)),
                ("POST", "/v1/visit/finish") => NodeJson.ToUtf8(await _hospital.FinishVisitAsync(NodeJson.FromUtf8<FinishVisitRequest>(body), ct).ConfigureAwait(false)),
                ("POST", "/v1/visit/deliveries") => NodeJson.ToUtf8(await _hospital.PullDeliveriesAsync(NodeJson.FromUtf8<SealedMessage>(body), ct).ConfigureAwait(false)),
                ("POST", "/v1/visit/grant") => NodeJson.ToUtf8(await _hospital.SubmitGrantAsync(NodeJson.FromUtf8<SealedMessage>(body), ct).ConfigureAwait(false)),
                ("POST", "/v1/fulfilment/collect") => NodeJson.ToUtf8(await _hospital.CollectFulfilmentAsync(NodeJson.FromUtf8<CollectRequest>(body), ct).ConfigureAwait(false)),
                _ => throw new UnknownEntityException("no such route"),
            };
            await WriteAsync(response, 200, result).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var status = StatusOf(ex);
            var message = status == 500 ? "internal error" : ex.Message;
            await WriteAsync(response, status, JsonSerializer.SerializeToUtf8Bytes(new PeerError(ex.GetType().Name, message), NodeJson.Options)).ConfigureAwait(false);
        }
    }

    internal static int StatusOf(Exception ex) => ex switch
    {
        AccessDeniedException => 403,
        UnknownEntityException => 404,
        RecordErasedException => 410,
        NotRegisteredException => 403,
        RecordVerificationException => 422,
        Fhir.EmrFormatException => 422,
        EmrShareSecurityException => 401,
        NodeException => 400,
        _ => 500,
    };

    private static async Task<byte[]> ReadBodyAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > MaxBodyBytes)
        {
            throw new NodeException("request body too large");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new NodeException("request body too large");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, byte[] body)
    {
        try
        {
            response.StatusCode = status;
            response.ContentType = "application/json";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
        {
            // The client went away; nothing to answer.
        }
    }
}

/// <summary>The JSON error body of a refused hospital request.</summary>
public sealed record PeerError(string Error, string Message);
