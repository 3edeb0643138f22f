using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// How a service checks the certificates of the peers it calls (other hospitals, the chain node, a store): with a
/// consortium CA bundle (<c>Tls:CaBundlePath</c>), a peer's certificate must chain to one of the bundle's CAs and
/// nothing else (the system roots are not consulted); without one, the system's trust store decides. Host names
/// are always checked.
/// </summary>
public static class PeerTrust
{
    /// <summary>An HTTP handler for peer calls that enforces the trust rule above.</summary>
    public static SocketsHttpHandler CreateHandler(string? caBundlePath)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caBundlePath is null)
        {
            return handler;
        }

        var roots = LoadBundle(caBundlePath);
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, roots),
        };
        return handler;
    }

    /// <summary>The CA certificates of a PEM bundle; a missing or empty file is a typed error naming <c>Tls:CaBundlePath</c>.</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ServiceConfigurationException("Tls:CaBundlePath", $"file not found: {path}");
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new ServiceConfigurationException("Tls:CaBundlePath", $"not a PEM certificate bundle ({ex.Message})", ex);
        }

        return bundle.Count > 0 ? bundle : throw new ServiceConfigurationException("Tls:CaBundlePath", $"no certificate in {path}");
    }

    /// <summary>True when <paramref name="certificate"/> chains to one of <paramref name="roots"/> and its name matched.</summary>
    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
