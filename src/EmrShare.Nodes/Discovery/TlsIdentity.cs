using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EmrShare.Core;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// A peer's TLS identity as the directory publishes it: SHA-256 of its certificate's DER SubjectPublicKeyInfo. A pin
/// on the key (not the certificate) survives renewal with the same key; a new key is published by a signed update.
/// </summary>
public static class TlsIdentity
{
    public static Hash32 SpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Hash32.FromBytes(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>
    /// An HTTP handler that accepts the peer only if its certificate chains to a trusted root (the system store,
    /// or only <paramref name="consortiumRoots"/> when given) AND its key is the pinned one.
    /// </summary>
    public static SocketsHttpHandler PinnedHandler(Hash32 pin, X509Certificate2Collection? consortiumRoots)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is X509Certificate2 leaf && Matches(leaf, errors, pin, consortiumRoots);
        return handler;
    }

    /// <summary>The check <see cref="PinnedHandler"/> applies, exposed for the server-side hosts and tests.</summary>
    public static bool Matches(X509Certificate2 leaf, SslPolicyErrors errors, Hash32 pin, X509Certificate2Collection? consortiumRoots)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (SpkiSha256(leaf) != pin)
        {
            return false;
        }

        if (consortiumRoots is null || consortiumRoots.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // name mismatch or no certificate: never excused by a custom root
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(consortiumRoots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
