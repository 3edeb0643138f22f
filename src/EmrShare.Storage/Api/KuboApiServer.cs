using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmrShare.Storage.Api;

/// <summary>
/// A Kestrel host serving one surface of <see cref="KuboApiEndpoints"/> for one store on a loopback address
/// (port 0 = any free port): <see cref="StartAdminAsync"/> for the owning node, <see cref="StartPeerAsync"/> for peers.
/// </summary>
public sealed class KuboApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KuboApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:5001/</c> — what a Kubo client is pointed at.</summary>
    public Uri Address { get; }

    /// <summary>The full API on 127.0.0.1, loopback-only (plus <see cref="KuboAdminApiOptions.AdminToken"/> when set).</summary>
    public static Task<KuboApiServer> StartAdminAsync(SqliteBlobStore store, int port, KuboAdminApiOptions options, CancellationToken cancellationToken) =>
        StartAsync("127.0.0.1", port, app => app.MapKuboAdminApi(store, options), cancellationToken);

    /// <summary>The read-only, signed-request surface for peers, on <paramref name="host"/> (a loopback address here; TLS is the host's job beyond it).</summary>
    public static Task<KuboApiServer> StartPeerAsync(IReadableStore store, string host, int port, KuboPeerApiOptions options, CancellationToken cancellationToken) =>
        StartAsync(host, port, app => app.MapKuboPeerApi(store, options), cancellationToken);

    private static async Task<KuboApiServer> StartAsync(string host, int port, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Admin adds are bounded by the store (and MaxAddBytes) while streaming; peer requests by their guard.
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null);
        builder.WebHost.UseUrls($"http://{host}:{port}");
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address");
        return new KuboApiServer(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
