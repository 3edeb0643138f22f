using System.Diagnostics;
using System.Net;
using EmrShare.Core.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The shared service-defaults piece every EmrShare host is built on (after dotnet/eShop's ServiceDefaults shape):
/// <see cref="AddServiceDefaults"/> for logging, Kestrel listeners with TLS, problem details, health checks,
/// metrics, forwarded headers, secure cookies and the shutdown timeout; <see cref="UseServiceDefaults"/> for the
/// middleware; <see cref="MapServiceDefaults"/> for <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Tag of the health checks <c>/readyz</c> runs (chain reachable, database writable, store reachable, watcher lag).</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        if (options.DataFolder.Length > 0)
        {
            PrivateFiles.CreateDirectory(options.DataFolder);
        }

        builder.Services.AddSingleton(options);
        ConfigureLogging(builder.Logging, options.LogFormat);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.Services.AddProblemDetails();
        builder.Services.AddWalletCors(options.WalletOrigins);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies are believed: the defaults (loopback) are dropped too.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in options.KnownProxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }
        });
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
            // Consortium members are often reached by IP address: HSTS for every host name, loopback included.
            hsts.ExcludedHosts.Clear();
        });
        builder.Services.Configure<CookiePolicyOptions>(cookies =>
        {
            cookies.Secure = options.UsesHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookies.HttpOnly = HttpOnlyPolicy.Always;
            cookies.MinimumSameSitePolicy = SameSiteMode.Strict;
        });
        return builder;
    }

    /// <summary>Forwarded headers (known proxies only), HSTS under HTTPS, request ids, request metrics, secure cookies.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<ServiceOptions>();
        if (options.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (options.UsesHttps)
        {
            app.UseHsts();
        }

        app.Use(RequestIdAndMetrics);
        app.UseCors(); // only routes marked RequireWalletCors answer cross-origin (WalletCors)
        app.UseCookiePolicy();
        return app;
    }

    /// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (every readiness check passes), <c>/metrics</c>.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new()
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = ReadinessReport.WriteAsync,
        }).ExcludeFromDescription();
        app.MapGet("/metrics", async (ServiceMetrics metrics, CancellationToken ct) =>
            Results.Text(await metrics.RenderAsync(ct).ConfigureAwait(false), "text/plain; version=0.0.4")).ExcludeFromDescription();
        return app;
    }

    /// <summary>Starts the host; a listener that cannot bind (port in use, address not on this machine) is a typed config error.</summary>
    public static async Task StartServiceAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new ServiceConfigurationException("Host:Listen", "cannot listen: " + ex.Message, ex);
        }
    }

    /// <summary>The addresses Kestrel bound (with the real port when the config said 0).</summary>
    public static IReadOnlyList<Uri> BoundAddresses(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Urls.Select(url => new Uri(url.EndsWith('/') ? url : url + "/")).ToArray();
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(json => json.IncludeScopes = true);
        }
        else
        {
            logging.AddSimpleConsole(plain =>
            {
                plain.IncludeScopes = true;
                plain.SingleLine = true;
            });
        }

        // Request paths carry record ids: the framework logs at warnings only; EmrShare's own [LoggerMessage]s never log PHI.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A listener that cannot bind is reported once, as a one-line config error by StartServiceAsync.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServiceOptions options)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        var certificate = options.UsesHttps ? ServiceOptionsValidator.LoadCertificate(options) : null;
        foreach (var url in options.Listen)
        {
            var address = ServiceOptionsValidator.ListenAddress(url);
            kestrel.Listen(new IPEndPoint(address, url.Port), listen =>
            {
                if (url.Scheme == Uri.UriSchemeHttps)
                {
                    listen.UseHttps(certificate!);
                }
            });
        }
    }

    private static async Task RequestIdAndMetrics(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            // The route template, never the path: paths carry record ids.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            context.RequestServices.GetRequiredService<ServiceMetrics>()
                .RecordRequest(context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }
}
