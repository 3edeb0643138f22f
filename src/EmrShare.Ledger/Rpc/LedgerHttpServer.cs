using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EmrShare.Ledger.Rpc;

/// <summary>Serves an <see cref="IRpcHandler"/> as Ethereum JSON-RPC over HTTP POST on 127.0.0.1 (Kestrel).</summary>
public sealed class LedgerHttpServer : IAsyncDisposable
{
    private const long MaxBodyBytes = 8 * 1024 * 1024;
    private readonly WebApplication _app;

    private LedgerHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<LedgerHttpServer> StartAsync(IRpcHandler handler, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
        });
        var app = builder.Build();
        app.MapPost("/", async (HttpContext context) => await ServeAsync(handler, context).ConfigureAwait(false));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LedgerHttpServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    private static async Task ServeAsync(IRpcHandler handler, HttpContext context)
    {
        string? response;
        try
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            response = await handler.HandleAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            response = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request too large"}}""";
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        if (response is not null)
        {
            await context.Response.WriteAsync(response, context.RequestAborted).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
