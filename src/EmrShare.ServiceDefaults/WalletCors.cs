using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The one narrow CORS policy of the EmrShare hosts: the patient's wallet (a PWA served from its own HTTPS origin)
/// may call the routes it needs — the hospital's visit protocol, the Center's chain JSON-RPC and its wallet routes
/// (<c>/v1/network</c>, <c>/v1/hospitals</c>, <c>/v1/relay/*</c>) —
/// from the exact origins listed in <c>Cors:WalletOrigins</c>, and nothing else. Off (no origin) by default. A
/// request from any other origin gets no CORS header, so the browser keeps the answer from the page; cookies are
/// never allowed cross-origin, so the staff dashboards and their cookie-signed APIs stay same-origin only.
/// </summary>
public static class WalletCors
{
    public const string PolicyName = "emrshare-wallet";

    public const string ConfigKey = "Cors:WalletOrigins";

    /// <summary>Headers the wallet sends: JSON bodies only (the visit protocol carries everything sealed inside).</summary>
    private static readonly string[] AllowedHeaders = ["Content-Type"];

    /// <summary>
    /// Checks one configured origin: an exact <c>https://host[:port]</c> (no path, query, user info or wildcard);
    /// plain <c>http</c> only for a loopback host (development). Returns the origin in the form browsers send.
    /// </summary>
    public static string ParseOrigin(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('*', StringComparison.Ordinal))
        {
            throw new ServiceConfigurationException(key, $"'{value}' is a wildcard; list each wallet origin exactly (https://host[:port])");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0 || url.AbsolutePath != "/")
        {
            throw new ServiceConfigurationException(key, $"'{value}' is not an origin (https://host[:port], no path)");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            throw new ServiceConfigurationException(key, $"'{value}' is plain http on a non-loopback host; a wallet origin must be https");
        }

        return url.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>Registers the policy (always, so routes can name it; with no origin it admits none).</summary>
    public static IServiceCollection AddWalletCors(this IServiceCollection services, IReadOnlyList<string> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => Configure(policy, origins)));
        return services;
    }

    /// <summary>Opens one route or group to the wallet origins (and only it).</summary>
    public static TBuilder RequireWalletCors<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireCors(PolicyName);

    /// <summary>
    /// Opens only the routes of a group whose pattern <paramref name="opens"/> accepts (a protocol mapped as one unit of
    /// which the wallet uses a part: the hospital's visit routes but not hospital-to-hospital fulfilment).
    /// </summary>
    public static TBuilder RequireWalletCors<TBuilder>(this TBuilder builder, Func<string, bool> opens)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(opens);
        builder.Add(endpoint =>
        {
            if (endpoint is Microsoft.AspNetCore.Routing.RouteEndpointBuilder route && route.RoutePattern.RawText is { } pattern && opens(pattern))
            {
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Cors.EnableCorsAttribute(PolicyName));
            }
        });
        return builder;
    }

    private static void Configure(CorsPolicyBuilder policy, IReadOnlyList<string> origins)
    {
        if (origins.Count > 0)
        {
            policy.WithOrigins([.. origins]);
        }

        policy.WithMethods("GET", "POST").WithHeaders(AllowedHeaders).DisallowCredentials().SetPreflightMaxAge(TimeSpan.FromMinutes(10));
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
