using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The start-up checks of <see cref="ServiceOptions"/>: every listener has a usable address, HTTPS listeners have a
/// readable certificate and key, plain HTTP is explicit and stays on loopback unless forced, the CA bundle exists.
/// </summary>
public static class ServiceOptionsValidator
{
    public static void Validate(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Listen.Count == 0)
        {
            throw new ServiceConfigurationException("Host:Listen", "no listen URL given (e.g. https://0.0.0.0:8443)");
        }

        if (options.MaxRequestBodyBytes < 1 || options.MaxRecordBodyBytes < 1)
        {
            throw new ServiceConfigurationException(options.MaxRequestBodyBytes < 1 ? "Host:MaxRequestBodyBytes" : "Host:MaxRecordBodyBytes", "must be at least 1 byte");
        }

        foreach (var url in options.Listen)
        {
            var address = ListenAddress(url);
            if (url.Scheme == Uri.UriSchemeHttp)
            {
                CheckPlainHttp(options, url, address);
            }
        }

        if (options.UsesHttps)
        {
            LoadCertificate(options).Dispose();
        }

        if (options.CaBundlePath is { } bundle)
        {
            foreach (var ca in PeerTrust.LoadBundle(bundle))
            {
                ca.Dispose();
            }
        }
    }

    /// <summary>The IP address a listen URL names (<c>localhost</c> = loopback); anything else is a typed error.</summary>
    public static IPAddress ListenAddress(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.IsLoopback && url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            ? address
            : throw new ServiceConfigurationException("Host:Listen", $"'{url}' must name an IP address (0.0.0.0 or [::] for every interface) or localhost");
    }

    /// <summary>The HTTPS certificate with its private key, from the PEM paths in <c>Tls</c>.</summary>
    public static X509Certificate2 LoadCertificate(ServiceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var certificate = options.CertificatePath ?? throw new ServiceConfigurationException("Tls:CertificatePath", "is required for an https listen URL");
        var key = options.KeyPath ?? throw new ServiceConfigurationException("Tls:KeyPath", "is required for an https listen URL");
        if (!File.Exists(certificate))
        {
            throw new ServiceConfigurationException("Tls:CertificatePath", $"file not found: {certificate}");
        }

        if (!File.Exists(key))
        {
            throw new ServiceConfigurationException("Tls:KeyPath", $"file not found: {key}");
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(certificate, key);
        }
        catch (CryptographicException ex)
        {
            throw new ServiceConfigurationException("Tls:CertificatePath", $"cannot load the PEM certificate with its key ({ex.Message})", ex);
        }
    }

    private static void CheckPlainHttp(ServiceOptions options, Uri url, IPAddress address)
    {
        if (!options.InsecureHttp)
        {
            throw new ServiceConfigurationException("Host:InsecureHttp", $"plain HTTP listener {url} needs Host:InsecureHttp=true (or --insecure-http); use https with Tls:CertificatePath");
        }

        if (!IPAddress.IsLoopback(address) && !options.ForceInsecureHttp)
        {
            throw new ServiceConfigurationException("Host:ForceInsecureHttp",
                $"plain HTTP on non-loopback address {address} is refused; use https, or set Host:ForceInsecureHttp=true (--force-insecure-http) only behind a TLS proxy");
        }
    }
}
