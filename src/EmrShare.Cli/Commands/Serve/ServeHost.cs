using EmrShare.Cli.Commands.Shared;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>What an actor's opening step gets from <see cref="ServeHost"/>: the validated config, its data folder, the peer-trust handler, where lines are printed, and the stop token.</summary>
internal sealed record ServeContext(ServeConfig Config, string DataFolder, HttpMessageHandler PeerHandler, Action<string, object?> Print, CancellationToken Stop);

/// <summary>An actor's middle: validates its own config keys, opens its node into <paramref name="served"/> (which owns what it opens) and sets the web actor.</summary>
internal delegate Task ServeOpener(ServeContext context, ServedActor served);

/// <summary>
/// The one shape of every <c>ACTOR serve --config FILE</c> host: load and validate the config, listen for SIGINT and
/// SIGTERM, make the peer-trust handler (consortium CA bundle), let the actor open its node (<see cref="ServeOpener"/>),
/// start its Kestrel web app on the service defaults, print the <c>listen</c>/<c>public</c> lines, run the actor's
/// listening step, print <c>ready</c> and serve until asked to stop; then close the app and the node in reverse order.
/// <c>emrshare demo --web</c> starts the same hosts in one process through <see cref="StartAsync"/>.
/// </summary>
internal static class ServeHost
{
    public static Task<int> RunAsync(IServeSettings settings, ServeOpener open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = ServeConfig.Load(settings.Config, settings.InsecureHttp, settings.ForceInsecureHttp);
        return ServeLoop.RunAsync(async (resources, stop) =>
        {
            var host = resources.Own(await StartAsync(config, open, Output.Field, stop).ConfigureAwait(false));
            return host.Actor.Ready;
        }, cancellationToken);
    }

    /// <summary>Opens the actor and starts its web app; the caller owns the returned host and decides when it stops.</summary>
    public static async Task<ServedHost> StartAsync(ServeConfig config, ServeOpener open, Action<string, object?> print, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(print);
        var data = config.ExistingDataFolder();
        var served = new ServedActor();
        EmrShareWebApp app;
        try
        {
            var peerHandler = served.Own(PeerTrust.CreateHandler(config.Service.CaBundlePath));
            await open(new ServeContext(config, data, peerHandler, print, stop), served).ConfigureAwait(false);
            var web = new WebAppOptions { Service = config.Service, KeysDirectory = Path.Combine(data, "web-keys") };
            app = await EmrShareWebApp.StartAsync(served.Web, web, stop).ConfigureAwait(false);
        }
        catch
        {
            await served.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var host = new ServedHost(served, app, config.Service.PublicBaseUrl ?? app.BaseAddress);
        try
        {
            if (served.Identity is { } identity)
            {
                print(identity.Name, identity.Value);
            }

            foreach (var url in app.App.BoundAddresses())
            {
                print("listen", url);
            }

            print("public", host.PublicBase);
            if (served.Listening is { } listening)
            {
                await listening(host.PublicBase, stop).ConfigureAwait(false);
            }

            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}

/// <summary>A started host: the actor's node and its web app; disposing stops the app first, then closes the node.</summary>
internal sealed class ServedHost(ServedActor actor, EmrShareWebApp app, Uri publicBase) : IAsyncDisposable
{
    public ServedActor Actor => actor;

    public EmrShareWebApp App => app;

    /// <summary><c>Host:PublicBaseUrl</c>, else the first address the app bound.</summary>
    public Uri PublicBase => publicBase;

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync().ConfigureAwait(false);
        await actor.DisposeAsync().ConfigureAwait(false);
    }
}
