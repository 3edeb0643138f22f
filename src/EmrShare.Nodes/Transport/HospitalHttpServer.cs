using EmrShare.Nodes.Hospital;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Transport;

/// <summary>
/// Only the peer protocol (<see cref="PeerEndpoints"/>) on a loopback Kestrel listener, for tests that run a bare
/// hospital node. A deployment serves the same routes inside <c>emrshare hospital serve</c>'s one host.
/// </summary>
public sealed class HospitalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HospitalHttpServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<HospitalHttpServer> StartAsync(HospitalService hospital, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hospital);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPeerProtocol(hospital);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new HospitalHttpServer(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
