namespace EmrShare.ServiceDefaults;

/// <summary>
/// What every actor service shares in its config file (<c>Host</c> and <c>Tls</c> sections; environment overrides
/// as <c>EMRSHARE__HOST__PUBLICBASEURL</c> …). Validated by <see cref="ServiceOptionsValidator"/> before listening.
/// </summary>
public sealed record ServiceOptions
{
    public const string HostSection = "Host";
    public const string TlsSection = "Tls";

    /// <summary>Listen URLs, e.g. <c>https://0.0.0.0:8443</c> or <c>https://[::]:8443</c>; any interface, any port (0 = free port).</summary>
    public IReadOnlyList<Uri> Listen { get; init; } = [];

    /// <summary>The URL peers and browsers use (behind a proxy it differs from <see cref="Listen"/>).</summary>
    public Uri? PublicBaseUrl { get; init; }

    /// <summary>Allow plain HTTP listeners on loopback addresses (development, or a TLS proxy on the same host).</summary>
    public bool InsecureHttp { get; init; }

    /// <summary>Also allow plain HTTP on non-loopback addresses: only behind a TLS-terminating proxy on a private network.</summary>
    public bool ForceInsecureHttp { get; init; }

    /// <summary>Addresses of reverse proxies whose X-Forwarded-For/Proto headers are believed; all others are ignored.</summary>
    public IReadOnlyList<System.Net.IPAddress> KnownProxies { get; init; } = [];

    /// <summary><c>plain</c> (one line per event) or <c>json</c> (one JSON object per line, for log shippers).</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Plain;

    /// <summary>The service's data folder (databases, keys); created 0700.</summary>
    public string DataFolder { get; init; } = string.Empty;

    /// <summary>PEM certificate (chain) of this service's HTTPS listeners.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>PEM private key (PKCS#8 or SEC1, unencrypted) for <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; init; }

    /// <summary>The consortium CA bundle (PEM): peers' certificates must chain to one of these; empty = the system roots.</summary>
    public string? CaBundlePath { get; init; }

    /// <summary>Largest request body the server accepts on any route (config <c>Host:MaxRequestBodyBytes</c>).</summary>
    public long MaxRequestBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Largest clinical record body (FHIR, HL7 v2, C-CDA, CSV) on the record and import routes, which alone raise the
    /// server's limit to this (config <c>Host:MaxRecordBodyBytes</c>): a discharge Bundle with attachments passes 4 MiB.
    /// </summary>
    public long MaxRecordBodyBytes { get; init; } = DefaultMaxRecordBodyBytes;

    /// <summary>64 MiB: the CLI takes a 60 MB Bundle, and so does the API.</summary>
    public const long DefaultMaxRecordBodyBytes = 64L * 1024 * 1024;

    /// <summary>Seconds an in-flight request may still take after SIGTERM before the host stops.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = 15;

    /// <summary>
    /// Exact origins of the patient's wallet PWA allowed to call this host's wallet routes (<see cref="WalletCors"/>,
    /// config key <c>Cors:WalletOrigins</c>); empty = no cross-origin access at all.
    /// </summary>
    public IReadOnlyList<string> WalletOrigins { get; init; } = [];

    public bool UsesHttps => Listen.Any(url => url.Scheme == Uri.UriSchemeHttps);
}

/// <summary>Console log format.</summary>
public enum LogFormat
{
    Plain = 0,
    Json = 1,
}
