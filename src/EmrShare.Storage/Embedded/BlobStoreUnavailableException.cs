using EmrShare.Core.Errors;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// The embedded store's folder refuses writes (disk full, read-only): the put was rolled back and stored nothing.
/// Reads of blobs already stored keep working.
/// </summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class BlobStoreUnavailableException : StorageException
{
    public BlobStoreUnavailableException()
        : base("the blob store's folder does not accept writes (disk full or read-only); nothing was stored")
    {
    }

    public BlobStoreUnavailableException(string message)
        : base(message)
    {
    }

    public BlobStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlobStoreUnavailableException(Exception innerException)
        : base("the blob store's folder does not accept writes (disk full or read-only); nothing was stored", innerException)
    {
    }
}
