using EmrShare.Core;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Kubo;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// <see cref="IHospitalDirectory"/> over a peers file: each hospital reached through <see cref="HttpHospitalEndpoint"/>
/// and its blob store through <see cref="KuboBlobStore"/> (its own Kubo-compatible API or a shared Kubo node).
/// The store reader verifies every block against its CID, so a peer's store is trusted for nothing.
/// </summary>
public sealed class PeersDirectory : IHospitalDirectory
{
    private readonly Dictionary<ChainAddress, HospitalContact> _contacts = [];

    public PeersDirectory(PeersFile peers, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(http);
        foreach (var peer in peers.Hospitals)
        {
            var address = ChainAddress.Parse(peer.Address);
            var endpoint = new HttpHospitalEndpoint(http, AsBase(peer.Endpoint, "endpoint"));
            var store = new KuboBlobStore(new KuboRpcClient(http, AsBase(peer.Store, "store")));
            _contacts[address] = new HospitalContact(address, endpoint, store);
        }
    }

    /// <summary>No peers: a hospital that only answers (it never requests records) needs none.</summary>
    public static PeersDirectory Empty(HttpClient http) => new(new PeersFile([]), http);

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
