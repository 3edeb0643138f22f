using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EmrShare.Ledger.Rpc;

/// <summary>Serves an <see cref="IRpcHandler"/> as Ethereum JSON-RPC over HTTP POST on 127.0.0.1 (Kestrel), through <see cref="LedgerRpcEndpoints.MapLedgerRpc"/>.</summary>
public sealed class LedgerHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LedgerHttpServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<LedgerHttpServer> StartAsync(IRpcHandler handler, int port, CancellationToken cancellationToken, RpcServerLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        limits ??= RpcServerLimits.Default;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = limits.MaxRequestBytes;
        });
        var app = builder.Build();
        app.MapLedgerRpc(handler, limits);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LedgerHttpServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
