using EmrShare.Storage;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>
/// A store operator that serves altered bytes after its own integrity check (the worst case: the bytes a reader
/// gets are not the ones the CID names). Everything else is forwarded.
/// </summary>
internal sealed class TamperingBlobStore(IBlobStore inner) : IBlobStore
{
    public Task<Cid> PutAsync(Stream content, PutOptions options, CancellationToken cancellationToken) => inner.PutAsync(content, options, cancellationToken);

    public async Task<Stream> OpenReadAsync(Cid cid, CancellationToken cancellationToken)
    {
        await using var stream = await inner.OpenReadAsync(cid, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.ToArray();
        bytes[bytes.Length / 2] ^= 0x40;
        return new MemoryStream(bytes);
    }

    public Task<bool> HasAsync(Cid cid, CancellationToken cancellationToken) => inner.HasAsync(cid, cancellationToken);

    public Task PinAsync(Cid cid, CancellationToken cancellationToken) => inner.PinAsync(cid, cancellationToken);

    public Task UnpinAsync(Cid cid, CancellationToken cancellationToken) => inner.UnpinAsync(cid, cancellationToken);

    public IAsyncEnumerable<Cid> ListPinsAsync(CancellationToken cancellationToken) => inner.ListPinsAsync(cancellationToken);

    public Task<int> CollectGarbageAsync(CancellationToken cancellationToken) => inner.CollectGarbageAsync(cancellationToken);

    public Task<BlobStat> StatAsync(Cid cid, CancellationToken cancellationToken) => inner.StatAsync(cid, cancellationToken);
}
