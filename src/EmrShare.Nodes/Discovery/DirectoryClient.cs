using System.Net.Http.Json;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes.Transport;

namespace EmrShare.Nodes.Discovery;

/// <summary>
/// Finds a hospital's endpoint and TLS pin from its address alone: fetches the Center's signed directory, checks the
/// signature against the Registry's owner on chain (not against anything the directory says about itself) and the
/// entries against the signed hash, and caches it for <paramref name="cacheFor"/>. An unknown hospital triggers one
/// refetch (it may have just published) before <see cref="UnknownEntityException"/>.
/// </summary>
public sealed class DirectoryClient(HttpClient http, Uri directoryUrl, Eip712Domain domain, Func<CancellationToken, Task<ChainAddress>> centerAddress, TimeProvider time, TimeSpan cacheFor) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyDictionary<ChainAddress, DirectoryEntry>? _entries;
    private IReadOnlyDictionary<ChainAddress, string> _names = new Dictionary<ChainAddress, string>();
    private DateTimeOffset _fetchedAt;

    /// <summary>The signing domain the Center's directory and hospitals' endpoint updates use.</summary>
    public Eip712Domain Domain => domain;

    public void Dispose() => _gate.Dispose();

    public async Task<DirectoryEntry> ResolveAsync(ChainAddress hospital, CancellationToken cancellationToken) =>
        await FindAsync(hospital, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownEntityException("the Center's directory has no endpoint for this hospital");

    /// <summary>The hospital's verified entry, or null when the (refetched) directory does not list it.</summary>
    public async Task<DirectoryEntry?> FindAsync(ChainAddress hospital, CancellationToken cancellationToken)
    {
        var entries = await EntriesAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        if (!entries.TryGetValue(hospital, out var entry))
        {
            entries = await EntriesAsync(refresh: true, cancellationToken).ConfigureAwait(false);
            entries.TryGetValue(hospital, out entry);
        }

        return entry;
    }

    /// <summary>The hospitals the last verified directory listed (empty before the first fetch; refreshed with the names).</summary>
    public IReadOnlyList<ChainAddress> ListedHospitals => _entries is { } entries ? [.. entries.Keys] : [];

    /// <summary>The display names the Center signed into its directory (fetched again when the cache is stale).</summary>
    public async Task<IReadOnlyDictionary<ChainAddress, string>> NamesAsync(CancellationToken cancellationToken)
    {
        _ = await EntriesAsync(refresh: false, cancellationToken).ConfigureAwait(false);
        return _names;
    }

    /// <summary>Checks a fetched directory: Center signature (Registry owner), freshness, entries hash.</summary>
    public static void Verify(SignedDirectory directory, Eip712Domain domain, ChainAddress center, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            Eip712.Verify(directory.Signature, domain, center, time);
        }
        catch (EmrShareSecurityException ex)
        {
            throw new PeerIdentityException("the directory is not signed by the Center: " + ex.Message, ex);
        }

        if (DirectoryEntry.HashEntries(directory.Entries, directory.Names) != directory.Signature.Message.EntriesHash)
        {
            throw new PeerIdentityException("the directory's entries are not the ones the Center signed");
        }
    }

    private async Task<IReadOnlyDictionary<ChainAddress, DirectoryEntry>> EntriesAsync(bool refresh, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_entries is { } cached && !refresh && time.GetUtcNow() - _fetchedAt < cacheFor)
            {
                return cached;
            }

            var directory = await http.GetFromJsonAsync<SignedDirectory>(directoryUrl, NodeJson.Options, cancellationToken).ConfigureAwait(false)
                ?? throw new PeerIdentityException("the Center served an empty directory");
            Verify(directory, domain, await centerAddress(cancellationToken).ConfigureAwait(false), time);
            _entries = directory.Entries.ToDictionary(e => e.Hospital);
            _names = (directory.Names ?? []).ToDictionary(n => n.Account, n => n.Name);
            _fetchedAt = time.GetUtcNow();
            return _entries;
        }
        finally
        {
            _gate.Release();
        }
    }
}
