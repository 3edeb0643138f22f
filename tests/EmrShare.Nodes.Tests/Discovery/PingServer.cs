using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Tests.Discovery;

/// <summary>A real Kestrel listener on 127.0.0.1 (HTTPS with the given certificate) serving the routes a test maps.</summary>
internal sealed class PingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PingServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static Task<PingServer> StartAsync(X509Certificate2 certificate, CancellationToken ct) =>
        StartAsync(certificate, app => app.MapGet("/ping", () => "pong"), ct);

    /// <summary>With <paramref name="certificate"/> null: plain HTTP on loopback (what the directory routes allow in development).</summary>
    public static async Task<PingServer> StartAsync(X509Certificate2? certificate, Action<WebApplication> map, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        map(app);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PingServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
