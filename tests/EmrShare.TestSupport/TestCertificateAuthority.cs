using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EmrShare.TestSupport;

/// <summary>
/// A certificate authority made by the test itself (never a checked-in key): a self-signed CA and leaf server
/// certificates for loopback addresses (127.0.0.x) with IP subject alternative names, written as PEM files the way an
/// operator would hand them to <c>emrshare … serve</c> (certificate path, key path, consortium CA bundle path).
/// Two instances are two unrelated consortia: a leaf from one does not verify against the other's bundle.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _ca;

    /// <summary>Creates the CA and writes its certificate to <paramref name="folder"/>/ca.pem.</summary>
    public TestCertificateAuthority(string folder, string name = "EmrShare Test Consortium CA")
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        _ca = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        CaCertificatePath = Path.Combine(folder, "ca.pem");
        File.WriteAllText(CaCertificatePath, _ca.ExportCertificatePem());
    }

    /// <summary>The folder the PEM files are written to.</summary>
    public string Folder { get; }

    /// <summary>The CA certificate as PEM: the consortium CA bundle a peer trusts.</summary>
    public string CaCertificatePath { get; }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Certificate => X509CertificateLoader.LoadCertificate(_ca.RawData);

    /// <summary>
    /// Issues a server (and client) certificate for <paramref name="address"/> (IP SAN, plus DNS SAN "localhost")
    /// and writes <c>{fileName}.crt.pem</c> and <c>{fileName}.key.pem</c> (PKCS#8, unencrypted).
    /// </summary>
    public LeafCertificate IssueLeaf(IPAddress address, string? fileName = null, string? dnsName = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        fileName ??= address.ToString();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName ?? address.ToString()}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(address);
        san.AddDnsName(dnsName ?? "localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_ca, now.AddHours(-1), now.AddDays(30), serial);
        var certificatePath = Path.Combine(Folder, fileName + ".crt.pem");
        var keyPath = Path.Combine(Folder, fileName + ".key.pem");
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new LeafCertificate(address, certificatePath, keyPath);
    }

    public void Dispose() => _ca.Dispose();
}

/// <summary>A leaf certificate written as PEM: what a server's TLS config names.</summary>
public sealed record LeafCertificate(IPAddress Address, string CertificatePath, string KeyPath)
{
    /// <summary>Loads certificate plus private key (for an in-process Kestrel or an HttpClient client certificate).</summary>
    public X509Certificate2 Load() => X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath);
}
