namespace EmrShare.Storage.DagPb;

/// <summary>A block whose hash is right but whose content is not a dag-pb/UnixFS file this store can read.</summary>
public sealed class DagFormatException : Exception
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
