using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EmrShare.Core;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Kubo;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// One peer hospital as its directory entry says: an HttpClient whose TLS check is the entry's pin plus the
/// consortium CA, the peer protocol at the entry's URL and its read-only store at <c>{URL}/store/</c>, read with
/// signed requests.
/// </summary>
internal sealed class PeerConnection : IDisposable
{
    private readonly HttpClient _http;

    private PeerConnection(DirectoryEntry entry, HttpClient http, IHospitalEndpoint endpoint, KuboBlobStore store)
    {
        Entry = entry;
        _http = http;
        Endpoint = endpoint;
        Store = store;
    }

    public DirectoryEntry Entry { get; }

    public IHospitalEndpoint Endpoint { get; }

    public KuboBlobStore Store { get; }

    public static PeerConnection Open(DirectoryEntry entry, X509Certificate2Collection? roots, IPeerRequestSigner storeSigner, TimeProvider time)
    {
        var baseUrl = CenterDirectory.AsBase(new Uri(entry.Endpoint, UriKind.Absolute));
        var http = new HttpClient(TlsIdentity.PinnedHandler(entry.TlsSpki, roots), disposeHandler: true) { Timeout = TimeSpan.FromSeconds(60) };
        var endpoint = new HttpHospitalEndpoint(http, baseUrl);
        var store = new KuboBlobStore(new KuboRpcClient(http, new Uri(baseUrl, "store/"), credentials: KuboClientCredentials.Peer(storeSigner, time)));
        return new PeerConnection(entry, http, endpoint, store);
    }

    public bool Serves(DirectoryEntry entry) => entry.Endpoint == Entry.Endpoint && entry.TlsSpki == Entry.TlsSpki;

    public void Dispose() => _http.Dispose();

    /// <summary>Runs a call on the peer; a TLS refusal (pin or CA) becomes <see cref="PeerIdentityException"/>, never a retryable transport failure.</summary>
    public static async Task<T> CallAsync<T>(CenterDirectory directory, ChainAddress hospital, Func<PeerConnection, Task<T>> call, CancellationToken cancellationToken)
    {
        var connection = await directory.ConnectAsync(hospital, cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTlsRefusal(ex))
        {
            throw new PeerIdentityException(
                $"hospital {hospital} at {connection.Entry.Endpoint} presented a TLS certificate that is not the key the Center's directory pins for it, or not from the consortium CA", ex);
        }
    }

    private static bool IsTlsRefusal(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
