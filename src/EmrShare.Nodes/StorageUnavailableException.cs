using EmrShare.Core.Errors;

namespace EmrShare.Nodes;

/// <summary>
/// The node's data folder refuses writes (disk full, read-only mount, permissions): the change was not made and
/// nothing of it was kept. Reads keep working; the same call succeeds again once the folder is writable.
/// </summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class StorageUnavailableException : NodeException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
