using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage;

/// <summary>
/// Content-addressed blob storage (the port EmrShare's services use for encrypted records). Implementations:
/// <see cref="Embedded.SqliteBlobStore"/> (default, in-process) and <see cref="Kubo.KuboBlobStore"/> (any Kubo RPC node).
/// </summary>
public interface IBlobStore
{
    /// <summary>Imports <paramref name="content"/> as a UnixFS file; all-or-nothing. Returns the root CID.</summary>
    Task<Cid> PutAsync(Stream content, PutOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Streams a blob back; every block is checked against its hash as it is read
    /// (<see cref="BlockIntegrityException"/> on mismatch). Unknown CID → <see cref="BlobNotFoundException"/>.
    /// </summary>
    Task<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken);

    Task<bool> HasAsync(Cid cid, CancellationToken cancellationToken);

    /// <summary>Pins the whole DAG under <paramref name="cid"/> so garbage collection keeps it.</summary>
    Task PinAsync(Cid cid, CancellationToken cancellationToken);

    Task UnpinAsync(Cid cid, CancellationToken cancellationToken);

    IAsyncEnumerable<Cid> ListPinsAsync(CancellationToken cancellationToken);

    /// <summary>Deletes every block not reachable from a pin; returns how many blocks were removed (-1 if unknown).</summary>
    Task<int> CollectGarbageAsync(CancellationToken cancellationToken);

    Task<BlobStat> StatAsync(Cid cid, CancellationToken cancellationToken);
}

/// <summary>
/// Import settings. <see cref="CidVersion"/> 1 = raw leaves and base32 CIDs (<c>ipfs add --cid-version=1</c>);
/// 0 = Kubo's legacy default ("Qm…", dag-pb leaves). <see cref="Pin"/> as <c>ipfs add</c> does by default.
/// </summary>
public sealed record PutOptions(int CidVersion = 1, bool Pin = true)
{
    public static PutOptions Default { get; } = new();

    public static PutOptions V0 { get; } = new(CidVersion: 0);
}

/// <summary>What a store knows about one blob: file size (bytes of content) and whether it is pinned.</summary>
public sealed record BlobStat(Cid Cid, long Size, bool Pinned);
