using EmrShare.Core.Errors;

namespace EmrShare.Storage.Kubo;

/// <summary>
/// The IPFS node behind a <see cref="KuboRpcClient"/> could not be reached or did not answer in time (connection
/// refused or reset, node killed mid-request, HTTP timeout). The call's effect on the node is unknown for a write
/// (it may have stored the blob before dying) and nothing for a read; the caller may retry once the node is back.
/// The message names only the node address, never content.
/// </summary>
[ErrorKind(ErrorKind.Unavailable)]
public sealed class BlobStoreUnreachableException : StorageException
{
    public BlobStoreUnreachableException()
    {
    }

    public BlobStoreUnreachableException(string message)
        : base(message)
    {
    }

    public BlobStoreUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the node accepted the connection but did not answer within the client's timeout.</summary>
    public bool TimedOut { get; init; }
}
