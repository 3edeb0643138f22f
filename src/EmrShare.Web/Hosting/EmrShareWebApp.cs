using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Transport;
using EmrShare.ServiceDefaults;
using EmrShare.Storage;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Web.Api;
using EmrShare.Web.Api.Center;
using EmrShare.Web.Auth;
using EmrShare.Web.Components;
using EmrShare.Web.Security;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Builds and runs one actor's web app: Blazor dashboard (static server rendering, plain forms, no client
/// script needed), REST API under <c>/api</c>, OpenAPI document at <c>/openapi/v1.json</c> and the API reference
/// at <c>/scalar</c>, on the shared service defaults (TLS, logging, <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>,
/// forwarded headers). A hospital's app also serves the peer protocol (<see cref="PeerEndpoints"/>) and its blob store
/// for peers under <c>/store</c>; a Center's app serves the sealer's JSON-RPC at <c>/rpc</c> and the signed peer
/// directory. The one composition of every actor's host: <c>emrshare center|hospital|wallet serve</c>
/// and <c>emrshare demo --web</c> all start it.
/// </summary>
public sealed class EmrShareWebApp : IAsyncDisposable
{
    private EmrShareWebApp(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>Builds, starts listening (a port in use is a typed config error) and returns the running app.</summary>
    public static async Task<EmrShareWebApp> StartAsync(WebActor actor, WebAppOptions options, CancellationToken cancellationToken)
    {
        var app = Build(actor, options);
        try
        {
            await app.StartServiceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmrShareWebApp(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>
    /// The configured app, not started; <paramref name="configure"/> runs before services are built (tests use it
    /// to swap in the in-memory test server).
    /// </summary>
    public static WebApplication Build(WebActor actor, WebAppOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EmrShareWebApp).Assembly.GetName().Name });
        builder.AddServiceDefaults(options.ServiceOptions());
        AddServices(builder.Services, actor, options);
        ActorHealth.Register(builder.Services, actor);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.UseEmrShareSecurity(actor);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ActorRouteGuard>();
        app.UseEmrShareAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapServiceDefaults();
        app.MapEmrShareApiReference(actor, options.ApiReference);
        app.MapGet("/app.css", EmbeddedAssets.Stylesheet).ExcludeFromDescription();
        app.MapGet("/app.js", EmbeddedAssets.Script).ExcludeFromDescription();
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok", actor.Kind))).WithTags("Health").AllowAnonymous();
        app.MapSessionApi(actor);
        app.MapSignOut();
        app.MapActorApi(actor);
        app.MapStaffApi(actor);
        if (actor is HospitalActor hospital)
        {
            app.MapGroup(string.Empty).RequireWalletCors(route => route.Contains("/v1/visit/", StringComparison.Ordinal)).MapPeerProtocol(hospital.Hospital);
            // The embedded store, or an external Kubo node (Storage:IpfsUrl): either way peers read through this
            // host's /store, signed and checked against the Registry, never from the Kubo node directly.
            if (hospital.Hospital.Store is IReadableStore blobs)
            {
                app.MapGroup("/store").MapKuboPeerApi(blobs, new KuboPeerApiOptions(hospital.Hospital.StorePeerAuthorizer()));
            }
        }

        if (actor is CenterActor center)
        {
            MapCenterServices(app, center, options.ServiceOptions());
        }

        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>The Center's machine-facing routes: the sealer's JSON-RPC and the signed peer directory (both public, no cookie).</summary>
    private static void MapCenterServices(WebApplication app, CenterActor center, ServiceOptions service)
    {
        if (center.LedgerRpc is { } rpc)
        {
            // The ledger refuses every request carrying another site's Origin unless it lists it (its own CORS
            // rule, off by default): the wallet origins are listed, and the Center's public origin, which a page
            // served by this Center sends when a proxy in front does not pass the public host on.
            var limits = center.LedgerRpcLimits with { CorsOrigins = [.. center.LedgerRpcLimits.CorsOrigins, .. BrowserOrigins(service)] };
            app.MapLedgerRpc(rpc, limits, CenterActor.LedgerRpcPath).ExcludeFromDescription().AllowAnonymous().RequireWalletCors();
        }

        if (center.Directory is { } directory)
        {
            app.MapPeerDirectory(directory);
        }

        app.MapPatientRelay(center);
    }

    /// <summary>The origins a browser page may call this host's JSON-RPC from besides its own: the wallet origins and the public one.</summary>
    private static IEnumerable<string> BrowserOrigins(ServiceOptions service) =>
        service.WalletOrigins
            .Concat(service.PublicBaseUrl is { } url ? [url.GetLeftPart(UriPartial.Authority)] : Array.Empty<string>())
            .Distinct(StringComparer.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }

    private static void AddServices(IServiceCollection services, WebActor actor, WebAppOptions options)
    {
        services.AddSingleton(actor);
        services.AddSingleton(actor.GetType(), actor);
        services.AddSingleton(options.Time);
        services.AddSingleton(options);
        services.AddHostedService<DirectoryNamesRefresh>();
        services.AddEmrShareSecurity();
        services.AddExceptionHandler<ProblemMapping>();
        // First among the ProblemDetails writers: a browser asking for a page gets an error page in words.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, HtmlErrorPage>());
        services.AddOpenApi();
        services.AddRazorComponents();
        // Cookies are per host, not per port: each actor on 127.0.0.1 needs its own antiforgery cookie name too.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = ActorIdentity.Of(actor) + ".af");
        services.AddEmrShareAuthentication(actor);
        services.AddEmrShareDesks(actor);
        var dataProtection = services.AddDataProtection().SetApplicationName(ActorIdentity.Of(actor));
        if (options.KeysDirectory is { } keys)
        {
            dataProtection.PersistKeysToFileSystem(Core.IO.PrivateFiles.CreateDirectory(keys));
        }
        else
        {
            dataProtection.UseEphemeralDataProtectionProvider();
        }
    }
}

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthStatus(string Status, string Actor);
