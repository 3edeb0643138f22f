using System.Security.Cryptography.X509Certificates;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.StoreAccess;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api.Access;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// <see cref="IHospitalDirectory"/> over the Center's signed directory (<c>Center:DirectoryUrl</c>): a hospital is
/// found from its chain address alone. <see cref="Resolve"/> stays synchronous and cheap: it hands out a contact whose
/// endpoint and store look the address up (<see cref="DirectoryClient"/>: Center signature checked against the
/// Registry owner, cached, refetched for an unknown address) on each call, so a URL or key change reaches peers
/// within the cache time. Every connection is pinned: the peer's certificate must chain to the consortium CA bundle
/// AND carry the key the directory publishes (<see cref="TlsIdentity"/>); otherwise the call fails with
/// <see cref="PeerIdentityException"/>. Store reads are signed with this hospital's account key. A hospital the
/// optional peers file lists is reached as that file says (an operator's explicit override, e.g. the demo).
/// </summary>
public sealed class CenterDirectory : IHospitalDirectory, IDisposable
{
    private readonly DirectoryClient _client;
    private readonly HttpClient _centerHttp;
    private readonly X509Certificate2Collection? _roots;
    private readonly Func<ChainAddress, IPeerRequestSigner> _storeSigner;
    private readonly TimeProvider _time;
    private readonly PeersDirectory? _overrides;
    private readonly Dictionary<ChainAddress, PeerConnection> _connections = [];
    private readonly List<PeerConnection> _retired = [];
    private readonly Lock _gate = new();

    private CenterDirectory(DirectoryClient client, HttpClient centerHttp, X509Certificate2Collection? roots, Func<ChainAddress, IPeerRequestSigner> storeSigner, PeersDirectory? overrides, TimeProvider time)
    {
        _client = client;
        _centerHttp = centerHttp;
        _roots = roots;
        _storeSigner = storeSigner;
        _overrides = overrides;
        _time = time;
    }

    /// <summary>The client that fetches and verifies the Center's directory (also used to publish this hospital's entry).</summary>
    public DirectoryClient Client => _client;

    /// <summary>The Center's base URL (<c>Center:DirectoryUrl</c>).</summary>
    public Uri CenterBase { get; private init; } = null!;

    /// <summary>The client that reaches the Center (checked against the consortium CA; the directory itself is signed).</summary>
    internal HttpClient CenterHttp => _centerHttp;

    /// <summary>
    /// A directory for the hospital with <paramref name="keys"/>: the Center's signature is checked against the
    /// Registry's owner read from <paramref name="chain"/>; <paramref name="overrides"/> is the optional peers file whose
    /// entries win over the directory (development, the demo).
    /// </summary>
    public static CenterDirectory Open(CenterDirectoryOptions options, ChainAccess chain, EmrShareAddresses addresses, HospitalKeys keys, PeersDirectory? overrides)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var signer = AccountRequestSigner.For(keys);
        return Create(options, chain, addresses, keys.AccountKeyHex, _ => signer, overrides);
    }

    /// <summary>
    /// A directory for a patient's wallet: the same verified lookups, with each store read signed by the key
    /// <paramref name="storeSigner"/> gives for that custodian (<see cref="Patient.PatientWallet.StoreReadSigner"/>).
    /// </summary>
    public static CenterDirectory OpenForWallet(CenterDirectoryOptions options, ChainAccess chain, EmrShareAddresses addresses, Func<ChainAddress, IPeerRequestSigner> storeSigner) =>
        Create(options, chain, addresses, Convert.ToHexStringLower(HospitalKeys.NewSigningKey()), storeSigner ?? throw new ArgumentNullException(nameof(storeSigner)), overrides: null);

    /// <summary>Shared by both openers; <c>readerKeyHex</c> may be any key: the Registry is only read (its owner), never written.</summary>
    private static CenterDirectory Create(CenterDirectoryOptions options, ChainAccess chain, EmrShareAddresses addresses, string readerKeyHex, Func<ChainAddress, IPeerRequestSigner> storeSigner, PeersDirectory? overrides)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(addresses);
        var registry = chain.Bind(readerKeyHex, addresses).Registry;
        var domain = DirectoryDomain.For((ulong)chain.ChainId, ChainAddress.Parse(addresses.Registry));
        var client = new DirectoryClient(options.CenterHttp, DirectoryUrl(options.DirectoryUrl), domain,
            async ct => ChainAddress.Parse(await registry.GetOwnerAsync(ct).ConfigureAwait(false)), options.Time, options.CacheFor);
        return new CenterDirectory(client, options.CenterHttp, options.ConsortiumRoots, storeSigner, overrides, options.Time)
        {
            CenterBase = AsBase(options.DirectoryUrl),
        };
    }

    public HospitalContact Resolve(ChainAddress hospital) =>
        _overrides is { } file && file.Knows(hospital)
            ? file.Resolve(hospital)
            : new HospitalContact(hospital, new DirectoryPeerEndpoint(this, hospital), new DirectoryPeerStore(this, hospital));

    /// <summary>A hospital the peers file overrides is known; any other must be in the Center's signed directory (refetched once if missing).</summary>
    public async ValueTask EnsureKnownAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        if (_overrides is { } file && file.Knows(hospital))
        {
            return;
        }

        _ = await _client.ResolveAsync(hospital, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The hospitals the Center's signed directory listed when last fetched (the wallet's hospital choices), plus the peers file's.</summary>
    public IReadOnlyList<ChainAddress> ListedHospitals => [.. _client.ListedHospitals.Concat(_overrides?.Hospitals ?? []).Distinct()];

    /// <summary>Hospital and practitioner display names from the Center's signed directory.</summary>
    public Task<IReadOnlyDictionary<ChainAddress, string>> DisplayNamesAsync(CancellationToken cancellationToken) => _client.NamesAsync(cancellationToken);

    /// <summary>The pinned connection to <paramref name="hospital"/> as the directory lists it now (reused while its entry is unchanged).</summary>
    internal async Task<PeerConnection> ConnectAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        var entry = await _client.ResolveAsync(hospital, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (_connections.TryGetValue(hospital, out var known) && known.Serves(entry))
            {
                return known;
            }

            var fresh = PeerConnection.Open(entry, _roots, _storeSigner(hospital), _time);
            if (known is not null)
            {
                _retired.Add(known); // calls in flight may still use it; disposed with the directory
            }

            _connections[hospital] = fresh;
            return fresh;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var connection in _connections.Values.Concat(_retired))
            {
                connection.Dispose();
            }

            _connections.Clear();
            _retired.Clear();
        }

        _client.Dispose();
        _centerHttp.Dispose();
    }

    /// <summary>The directory document's URL: the configured Center base URL plus <see cref="DirectoryEndpoints.DirectoryRoute"/>.</summary>
    public static Uri DirectoryUrl(Uri centerBase)
    {
        ArgumentNullException.ThrowIfNull(centerBase);
        return new Uri(AsBase(centerBase), DirectoryEndpoints.DirectoryRoute);
    }

    /// <summary>Where a hospital posts its signed <see cref="EndpointUpdate"/>.</summary>
    public static Uri UpdateUrl(Uri centerBase)
    {
        ArgumentNullException.ThrowIfNull(centerBase);
        return new Uri(AsBase(centerBase), DirectoryEndpoints.UpdateRoute);
    }

    internal static Uri AsBase(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

/// <summary>How a hospital uses the Center's directory.</summary>
/// <param name="DirectoryUrl">The Center's base URL (<c>Center:DirectoryUrl</c>); the directory is served under it.</param>
/// <param name="ConsortiumRoots">The consortium CA bundle peers' certificates must chain to; null = the system trust store.</param>
/// <param name="CenterHttp">Reaches the Center (owned by the directory, disposed with it).</param>
public sealed record CenterDirectoryOptions(Uri DirectoryUrl, X509Certificate2Collection? ConsortiumRoots, HttpClient CenterHttp)
{
    /// <summary>How long a fetched directory is used before it is fetched again (an unknown address refetches at once).</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
