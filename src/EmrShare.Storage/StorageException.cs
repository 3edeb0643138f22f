using EmrShare.Core;

namespace EmrShare.Storage;

/// <summary>The root of the blob store's exceptions (embedded store, Kubo client and server); each declares its kind.</summary>
public abstract class StorageException : EmrShareException
{
    protected StorageException()
    {
    }

    protected StorageException(string message)
        : base(message)
    {
    }

    protected StorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
