using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// Reads <see cref="ServiceOptions"/> from configuration, checking each value as it goes so a bad value is reported
/// with the key that holds it (<see cref="ServiceConfigurationException"/>), never as a binder stack trace.
/// </summary>
public static class ServiceOptionsReader
{
    public static ServiceOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = configuration.GetSection(ServiceOptions.HostSection);
        var tls = configuration.GetSection(ServiceOptions.TlsSection);
        var options = new ServiceOptions
        {
            Listen = List(host, "Listen").Select(value => Url(value.Key, value.Value)).ToArray(),
            PublicBaseUrl = host["PublicBaseUrl"] is { Length: > 0 } publicUrl ? Url("Host:PublicBaseUrl", publicUrl) : null,
            InsecureHttp = Bool(host, "InsecureHttp"),
            ForceInsecureHttp = Bool(host, "ForceInsecureHttp"),
            KnownProxies = List(host, "KnownProxies").Select(value => Address(value.Key, value.Value)).ToArray(),
            LogFormat = host["LogFormat"] switch
            {
                null or "" or "plain" => LogFormat.Plain,
                "json" => LogFormat.Json,
                var other => throw new ServiceConfigurationException("Host:LogFormat", $"'{other}' is neither 'plain' nor 'json'"),
            },
            DataFolder = host["DataFolder"] is { Length: > 0 } data ? Path.GetFullPath(data) : throw new ServiceConfigurationException("Host:DataFolder", "is required"),
            CertificatePath = Optional(tls, "CertificatePath"),
            KeyPath = Optional(tls, "KeyPath"),
            CaBundlePath = Optional(tls, "CaBundlePath"),
            MaxRequestBodyBytes = Long(host, "MaxRequestBodyBytes", 4 * 1024 * 1024),
            MaxRecordBodyBytes = Long(host, "MaxRecordBodyBytes", ServiceOptions.DefaultMaxRecordBodyBytes),
            ShutdownTimeoutSeconds = (int)Long(host, "ShutdownTimeoutSeconds", 15),
            WalletOrigins = List(configuration.GetSection("Cors"), "WalletOrigins").Select(value => WalletCors.ParseOrigin(WalletCors.ConfigKey, value.Value)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
        };
        ServiceOptionsValidator.Validate(options);
        return options;
    }

    /// <summary>An absolute http(s) URL, or a typed error naming <paramref name="key"/>.</summary>
    public static Uri Url(string key, string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new ServiceConfigurationException(key, $"'{value}' is not an absolute http(s) URL");

    /// <summary>The value at <paramref name="key"/> in <paramref name="section"/> or null when absent or empty.</summary>
    public static string? Optional(IConfigurationSection section, string key)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section[key] is { Length: > 0 } value ? value : null;
    }

    public static bool Bool(IConfigurationSection section, string key)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section[key] switch
        {
            null or "" => false,
            var text when bool.TryParse(text, out var value) => value,
            var text => throw new ServiceConfigurationException($"{section.Path}:{key}", $"'{text}' is not true or false"),
        };
    }

    public static long Long(IConfigurationSection section, string key, long fallback)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section[key] switch
        {
            null or "" => fallback,
            var text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0 => value,
            var text => throw new ServiceConfigurationException($"{section.Path}:{key}", $"'{text}' is not a non-negative whole number"),
        };
    }

    /// <summary>A list given either as a JSON array or as one comma-separated string (handy in environment variables).</summary>
    private static IEnumerable<(string Key, string Value)> List(IConfigurationSection section, string key)
    {
        var item = section.GetSection(key);
        if (item.Value is { Length: > 0 } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(value => (item.Path, value));
        }

        return item.GetChildren().Where(child => !string.IsNullOrWhiteSpace(child.Value)).Select(child => (child.Path, child.Value!)).ToArray();
    }

    private static IPAddress Address(string key, string value) =>
        IPAddress.TryParse(value, out var address) ? address : throw new ServiceConfigurationException(key, $"'{value}' is not an IP address");
}
