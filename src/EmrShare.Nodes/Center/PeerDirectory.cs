using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Discovery;
using Nethereum.Signer;

namespace EmrShare.Nodes.Center;

/// <summary>
/// The Center's directory of hospital endpoints. A hospital publishes or changes its URL and TLS identity with an
/// <see cref="EndpointUpdate"/> signed by its hospital key; the Center checks the signature, that the Registry lists
/// the signer as an active hospital, and that the sequence grows, then records the change in its audit log. It
/// serves the directory signed with the Center key, which peers check against the Registry's owner on chain.
/// </summary>
public sealed class PeerDirectory
{
    private readonly PeerDirectoryStore _store;
    private readonly EmrShare.Chain.IEmrShareChain _chain;
    private readonly EthECKey _centerKey;
    private readonly TimeProvider _time;

    private PeerDirectory(PeerDirectoryStore store, EmrShare.Chain.IEmrShareChain chain, Eip712Domain domain, EthECKey centerKey, TimeProvider time)
    {
        _store = store;
        _chain = chain;
        Domain = domain;
        _centerKey = centerKey;
        _time = time;
    }

    public Eip712Domain Domain { get; }

    /// <summary>Opens (creating) <c>directory.db</c> in <paramref name="folder"/>.</summary>
    public static async Task<PeerDirectory> OpenAsync(string folder, CenterService center, EthECKey centerKey, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(centerKey);
        var store = await PeerDirectoryStore.OpenAsync(Path.Combine(folder, "directory.db"), cancellationToken).ConfigureAwait(false);
        var domain = DirectoryDomain.For((ulong)center.ChainAccessUsed.ChainId, ChainAddress.Parse(center.Addresses.Registry));
        return new PeerDirectory(store, center.Chain, domain, centerKey, time);
    }

    /// <summary>
    /// Accepts a signed endpoint update. Refusals: <see cref="Core.EmrShareSecurityException"/> subtypes (bad
    /// signature, other domain, stale), <see cref="NotRegisteredException"/>, <see cref="DirectoryUpdateRefusedException"/>.
    /// </summary>
    public async Task<DirectoryEntry> ApplyAsync(SignedTypedData<EndpointUpdate> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var message = update.Message;
        Eip712.Verify(update, Domain, message.Hospital, _time);
        CheckEndpoint(message.Endpoint);
        if (!await _chain.Registry.IsActiveHospitalAsync(message.Hospital.ToString(), cancellationToken).ConfigureAwait(false))
        {
            throw new NotRegisteredException("the signer is not an active hospital in the Registry");
        }

        var entry = new DirectoryEntry(message.Hospital, message.Endpoint, message.TlsSpki, message.Sequence, (ulong)_time.GetUtcNow().ToUnixTimeSeconds());
        await _store.SaveAsync(entry, update.Signature.ToString(), cancellationToken).ConfigureAwait(false);
        return entry;
    }

    /// <summary>The whole directory, signed now with the Center key.</summary>
    public async Task<SignedDirectory> SnapshotAsync(CancellationToken cancellationToken)
    {
        var entries = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        var names = await _store.ListNamesAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = new DirectorySnapshot(DirectoryEntry.HashEntries(entries, names), (ulong)_time.GetUtcNow().ToUnixTimeSeconds());
        return new SignedDirectory(entries, Eip712.Sign(Domain, snapshot, _centerKey), names);
    }

    /// <summary>
    /// Publishes (or changes) the display name of a hospital or practitioner the Center registered; an admin action,
    /// recorded with <paramref name="changedBy"/> in the name audit (<see cref="NameAuditAsync"/>).
    /// </summary>
    public Task SetNameAsync(ChainAddress account, string name, string changedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        var trimmed = name.Trim();
        if (trimmed.Length > DirectoryName.MaxLength)
        {
            throw new DirectoryUpdateRefusedException($"a display name has at most {DirectoryName.MaxLength} characters");
        }

        return _store.SaveNameAsync(account, trimmed, changedBy, (ulong)_time.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
    }

    /// <summary>The display names the directory publishes.</summary>
    public Task<IReadOnlyList<DirectoryName>> NamesAsync(CancellationToken cancellationToken) => _store.ListNamesAsync(cancellationToken);

    /// <summary>Every display-name change, oldest first (who renamed which account when).</summary>
    public Task<IReadOnlyList<DirectoryNameAuditEntry>> NameAuditAsync(CancellationToken cancellationToken) => _store.NameAuditAsync(cancellationToken);

    /// <summary>Every accepted change, oldest first (who changed which URL when, with the hospital's signature).</summary>
    public Task<IReadOnlyList<DirectoryAuditEntry>> AuditAsync(CancellationToken cancellationToken) => _store.AuditAsync(cancellationToken);

    /// <summary>An absolute https URL; plain http only for a loopback host (development).</summary>
    public static void CheckEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new DirectoryUpdateRefusedException("the endpoint must be an absolute URL without credentials, query or fragment");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))
        {
            throw new DirectoryUpdateRefusedException("the endpoint must use https (http only on a loopback address)");
        }
    }
}
