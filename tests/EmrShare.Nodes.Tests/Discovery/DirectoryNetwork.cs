using System.Net;
using System.Security.Cryptography.X509Certificates;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Nodes.Transport;
using EmrShare.ServiceDefaults;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using EmrShare.TestSupport;
using Microsoft.AspNetCore.Builder;
using Nethereum.Signer;

namespace EmrShare.Nodes.Tests.Discovery;

/// <summary>
/// A <see cref="NodeNetwork"/> plus real TLS hosts: the Center's directory (MapPeerDirectory) and hospital A's peer
/// protocol and read-only signed store on in-process Kestrel listeners with certificates from a test consortium CA,
/// and a second instance of hospital B that finds its peers only through the Center's directory.
/// </summary>
internal sealed class DirectoryNetwork : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly List<IDisposable> _owned = [];

    private DirectoryNetwork(NodeNetwork net, string folder)
    {
        Net = net;
        Folder = folder;
        Consortium = new TestCertificateAuthority(Path.Combine(folder, "consortium"));
        Other = new TestCertificateAuthority(Path.Combine(folder, "other"), "Another CA");
        Roots = new X509Certificate2Collection(Consortium.Certificate);
    }

    public NodeNetwork Net { get; }

    public string Folder { get; }

    public TestCertificateAuthority Consortium { get; }

    public TestCertificateAuthority Other { get; }

    public X509Certificate2Collection Roots { get; }

    public PeerDirectory CenterDirectory { get; private set; } = null!;

    public Uri CenterUrl { get; private set; } = null!;

    public static async Task<DirectoryNetwork> StartAsync(EmbeddedLedgerFixture ledger, CancellationToken ct)
    {
        var net = await NodeNetwork.StartAsync(ledger.Access, EmbeddedLedgerFixture.Keys, ct);
        var network = new DirectoryNetwork(net, Path.Combine(net.Root, "tls"));
        network.CenterDirectory = await PeerDirectory.OpenAsync(Path.Combine(net.Root, "center"), net.Center, new EthECKey(EmbeddedLedgerFixture.Keys[0]), TimeProvider.System, ct);
        network.CenterUrl = await network.ServeDirectoryAsync(network.CenterDirectory, ct);
        return network;
    }

    /// <summary>Serves a directory over TLS (a consortium certificate); returns its base URL.</summary>
    public async Task<Uri> ServeDirectoryAsync(PeerDirectory directory, CancellationToken ct)
    {
        var host = await PingServer.StartAsync(Leaf(Consortium), app => app.MapPeerDirectory(directory), ct);
        _hosts.Add(host);
        return host.Url;
    }

    /// <summary>Serves hospital A's peer protocol and its signed read-only store under /store with <paramref name="certificate"/>.</summary>
    public async Task<Uri> ServeHospitalAsync(HospitalService hospital, X509Certificate2 certificate, CancellationToken ct)
    {
        var store = Assert.IsType<SqliteBlobStore>(hospital.Store);
        var host = await PingServer.StartAsync(certificate, app =>
        {
            app.MapPeerProtocol(hospital);
            app.MapGroup("/store").MapKuboPeerApi(store, new KuboPeerApiOptions(hospital.StorePeerAuthorizer()));
        }, ct);
        _hosts.Add(host);
        return host.Url;
    }

    /// <summary>A leaf certificate from <paramref name="ca"/> for 127.0.0.1, loaded with its key.</summary>
    public X509Certificate2 Leaf(TestCertificateAuthority ca)
    {
        var certificate = ca.IssueLeaf(IPAddress.Loopback, "leaf-" + Guid.NewGuid().ToString("N")[..8]).Load();
        _owned.Add(certificate);
        return certificate;
    }

    /// <summary>The Center directory as <paramref name="keys"/>' hospital uses it (Center reached over consortium-checked TLS).</summary>
    public CenterDirectory DirectoryFor(HospitalKeys keys, Uri? centerUrl = null)
    {
        var http = new HttpClient(PeerTrust.CreateHandler(Consortium.CaCertificatePath));
        var directory = Nodes.Discovery.CenterDirectory.Open(new CenterDirectoryOptions(centerUrl ?? CenterUrl, Roots, http), Net.Access, Net.Center.Addresses, keys, overrides: null);
        _owned.Add(directory);
        return directory;
    }

    /// <summary>The Center directory as the patient's wallet uses it: store reads signed with its pseudonym key per custodian.</summary>
    public CenterDirectory WalletDirectory()
    {
        var http = new HttpClient(PeerTrust.CreateHandler(Consortium.CaCertificatePath));
        var directory = Nodes.Discovery.CenterDirectory.OpenForWallet(new CenterDirectoryOptions(CenterUrl, Roots, http), Net.Access, Net.Center.Addresses, Net.Patient.StoreReadSigner);
        _owned.Add(directory);
        return directory;
    }

    /// <summary>Hospital B again (same keys, own folder) with peers found only through <paramref name="directory"/>.</summary>
    public async Task<HospitalService> OpenBThroughAsync(CenterDirectory directory, CancellationToken ct)
    {
        var options = new HospitalOptions("B", Path.Combine(Net.Root, "hospital-B-directory"), Net.B.Keys, Net.Access, Net.Center.Addresses, directory)
        {
            WatchAccessRequests = false,
            FulfilmentTimeout = TimeSpan.FromSeconds(20),
        };
        var hospital = await HospitalService.OpenAsync(options, ct);
        _hosts.Add(hospital);
        return hospital;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Consortium.Dispose();
        Other.Dispose();
        await Net.DisposeAsync();
    }
}
