using EmrShare.Core;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Kubo;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// <see cref="IHospitalDirectory"/> over a peers file: each hospital reached through <see cref="HttpHospitalEndpoint"/>
/// and its blob store through <see cref="KuboBlobStore"/> (its own Kubo-compatible API or a shared Kubo node).
/// The store reader verifies every block against its CID, so a peer's store is trusted for nothing. Every store read
/// is signed with the key <c>storeSigner</c> gives for that hospital (this hospital's account key, or the patient's
/// pseudonym key at that custodian): a peer's <c>/store</c> admits only reads signed by a registered key.
/// </summary>
public sealed class PeersDirectory : IHospitalDirectory
{
    private readonly Dictionary<ChainAddress, HospitalContact> _contacts = [];

    public PeersDirectory(PeersFile peers, HttpClient http, Func<ChainAddress, IPeerRequestSigner> storeSigner, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(storeSigner);
        foreach (var peer in peers.Hospitals)
        {
            var address = ChainAddress.Parse(peer.Address);
            var endpoint = new HttpHospitalEndpoint(http, AsBase(peer.Endpoint, "endpoint"));
            var credentials = KuboClientCredentials.Peer(storeSigner(address), time ?? TimeProvider.System);
            var store = new KuboBlobStore(new KuboRpcClient(http, AsBase(peer.Store, "store"), credentials: credentials));
            _contacts[address] = new HospitalContact(address, endpoint, store);
        }
    }

    /// <summary>No peers: a hospital that only answers (it never requests records) needs none.</summary>
    public static PeersDirectory Empty(HttpClient http) => new(new PeersFile([]), http, _ => throw new InvalidOperationException("no peers"));

    /// <summary>Whether the peers file lists <paramref name="hospital"/> (an operator's explicit entry).</summary>
    public bool Knows(ChainAddress hospital) => _contacts.ContainsKey(hospital);

    public IReadOnlyCollection<ChainAddress> Hospitals => _contacts.Keys;

    public HospitalContact Resolve(ChainAddress hospital) =>
        _contacts.TryGetValue(hospital, out var contact)
            ? contact
            : throw new UnknownEntityException($"hospital {hospital} is not in the peers file");

    private static Uri AsBase(string url, string what) =>
        Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new DeploymentFileException($"peer {what} '{url}' is not an http(s) URL");
}
