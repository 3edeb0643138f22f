using System.Runtime.CompilerServices;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;

namespace EmrShare.Storage.Kubo;

/// <summary>
/// <see cref="IBlobStore"/> over an existing IPFS node (Kubo, a Kubo cluster's proxy, js-ipfs) by RPC URL.
/// Reads go through <c>block/get</c> and the same verifying DAG reader as the embedded store, so a remote
/// node can never hand EmrShare bytes that do not match the CID.
/// </summary>
public sealed class KuboBlobStore : IReadableStore
{
    private readonly KuboRpcClient _client;
    private readonly TimeSpan _hasTimeout;

    public KuboBlobStore(KuboRpcClient client, TimeSpan? hasTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _hasTimeout = hasTimeout ?? TimeSpan.FromSeconds(1);
    }

    public KuboRpcClient Client => _client;

    public async Task<Cid> PutAsync(Stream content, PutOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (cid, _) = await _client.AddAsync(content, options.CidVersion, options.Pin, cancellationToken).ConfigureAwait(false);
        return cid;
    }

    public async Task<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken) =>
        await DagReadStream.OpenAsync(this, cid, cancellationToken).ConfigureAwait(false);

    public Task<bool> HasAsync(Cid cid, CancellationToken cancellationToken) =>
        _client.BlockExistsAsync(cid, _hasTimeout, cancellationToken);

    public async Task PinAsync(Cid cid, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PinAddAsync(cid, cancellationToken).ConfigureAwait(false);
        }
        catch (KuboApiException ex) when (ex.MeansNotFound)
        {
            throw new BlobNotFoundException(cid, ex);
        }
    }

    public async Task UnpinAsync(Cid cid, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PinRmAsync(cid, cancellationToken).ConfigureAwait(false);
        }
        catch (KuboApiException ex) when (ex.KuboMessage.Contains("not pinned", StringComparison.OrdinalIgnoreCase))
        {
            // Same contract as the embedded store: unpinning something unpinned is a no-op.
        }
    }

    public async IAsyncEnumerable<Cid> ListPinsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var cid in await _client.PinLsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            yield return cid;
        }
    }

    public Task<int> CollectGarbageAsync(CancellationToken cancellationToken) => _client.RepoGcAsync(cancellationToken);

    public async Task<BlobStat> StatAsync(Cid cid, CancellationToken cancellationToken)
    {
        var root = await this.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);
        bool pinned;
        try
        {
            pinned = (await _client.PinLsAsync(cid, cancellationToken).ConfigureAwait(false)).Contains(cid);
        }
        catch (KuboApiException ex) when (ex.MeansNotFound)
        {
            pinned = false;
        }

        return new BlobStat(cid, checked((long)DagReadStream.FileSizeOf(cid, root)), pinned);
    }

    public async Task<byte[]> GetBlockAsync(Cid cid, CancellationToken cancellationToken) =>
        await this.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);

    public Task<Cid> PutBlockAsync(ReadOnlyMemory<byte> block, ulong codec, int cidVersion, CancellationToken cancellationToken) =>
        _client.BlockPutAsync(block, codec, cidVersion, cancellationToken);

    async ValueTask<byte[]> IBlockSource.GetRawBlockAsync(Cid cid, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.BlockGetAsync(cid, cancellationToken).ConfigureAwait(false);
        }
        catch (KuboApiException ex) when (ex.MeansNotFound)
        {
            throw new BlobNotFoundException(cid, ex);
        }
        catch (KuboApiException ex) when (ex.KuboMessage.Contains("does not match its hash", StringComparison.Ordinal))
        {
            // Another EmrShare node refused to serve a block that failed its own verification.
            throw new BlockIntegrityException(cid, ex);
        }
    }
}
