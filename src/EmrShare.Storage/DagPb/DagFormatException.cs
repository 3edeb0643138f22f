using EmrShare.Core.Errors;

namespace EmrShare.Storage.DagPb;

/// <summary>A block whose hash is right but whose content is not a dag-pb/UnixFS file this store can read.</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class DagFormatException : StorageException
{
    public DagFormatException()
    {
    }

    public DagFormatException(string message)
        : base(message)
    {
    }

    public DagFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
