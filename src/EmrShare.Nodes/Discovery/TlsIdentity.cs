using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EmrShare.Core;
using EmrShare.ServiceDefaults;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// A peer's TLS identity as the directory publishes it: SHA-256 of its certificate's DER SubjectPublicKeyInfo. A pin
/// on the key (not the certificate) survives renewal with the same key; a new key is published by a signed update.
/// The chain rule (consortium CA bundle, host name) is <see cref="PeerTrust"/>'s, the one rule for every peer call;
/// this class only adds the pin.
/// </summary>
public static class TlsIdentity
{
    public static Hash32 SpkiSha256(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Hash32.FromBytes(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The pin of the certificate in a PEM file (what a hospital publishes for its own <c>Tls:CertificatePath</c>).</summary>
    public static Hash32 SpkiSha256(string certificatePemPath)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePemPath)).RawData);
        return SpkiSha256(certificate);
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

    /// <summary>The check <see cref="PinnedHandler"/> applies: the pin, then <see cref="PeerTrust.IsTrusted"/> (or the system's verdict without a bundle).</summary>
    public static bool Matches(X509Certificate2 leaf, SslPolicyErrors errors, Hash32 pin, X509Certificate2Collection? consortiumRoots)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (SpkiSha256(leaf) != pin)
        {
            return false;
        }

        return consortiumRoots is null || consortiumRoots.Count == 0
            ? errors == SslPolicyErrors.None
            : PeerTrust.IsTrusted(leaf, errors, consortiumRoots);
    }
}
