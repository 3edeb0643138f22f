using EmrShare.Web.Api;
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
/// at <c>/scalar</c>. Hosted by the actor's process (<c>emrshare demo --web</c>, <c>emrshare hospital serve</c>).
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

    /// <summary>Builds, starts listening on the loopback port and returns the running app.</summary>
    public static async Task<EmrShareWebApp> StartAsync(WebActor actor, WebAppOptions options, CancellationToken cancellationToken)
    {
        var app = Build(actor, options, builder => builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}"));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        // Request logs carry paths with record ids; keep the framework at warnings (no PHI is ever logged).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        AddServices(builder.Services, actor, options);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseEmrShareSecurity(actor);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<ActorRouteGuard>();
        app.UseEmrShareAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapEmrShareApiReference(actor, options.ApiReference);
        app.MapGet("/app.css", EmbeddedAssets.Stylesheet).ExcludeFromDescription();
        app.MapGet("/health", () => TypedResults.Ok(new HealthStatus("ok", actor.Kind))).WithTags("Health").AllowAnonymous();
        app.MapSessionApi(actor);
        app.MapSignOut();
        app.MapActorApi(actor);
        app.MapRazorComponents<App>();
        return app;
    }

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
        services.AddProblemDetails();
        services.AddEmrShareSecurity();
        services.AddExceptionHandler<ProblemMapping>();
        services.AddOpenApi();
        services.AddRazorComponents();
        // Cookies are per host, not per port: each actor on 127.0.0.1 needs its own antiforgery cookie name too.
        services.AddAntiforgery(antiforgery => antiforgery.Cookie.Name = ActorIdentity.Of(actor) + ".af");
        services.AddEmrShareAuthentication(actor);
        services.AddEmrShareDesks(actor);
        var dataProtection = services.AddDataProtection().SetApplicationName(ActorIdentity.Of(actor));
        if (options.KeysDirectory is { } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        else
        {
            dataProtection.UseEphemeralDataProtectionProvider();
        }
    }
}

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthStatus(string Status, string Actor);
