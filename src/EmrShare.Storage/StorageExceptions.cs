using EmrShare.Core.Errors;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage;

/// <summary>No blob/block with this CID is held by the store (maps to HTTP 404).</summary>
[ErrorKind(ErrorKind.NotFound)]
public sealed class BlobNotFoundException : StorageException
{
    public BlobNotFoundException()
    {
    }

    public BlobNotFoundException(string message)
        : base(message)
    {
    }

    public BlobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlobNotFoundException(Cid cid)
        : base("block not found: " + cid)
    {
        Cid = cid;
    }

    public BlobNotFoundException(Cid cid, Exception innerException)
        : base("block not found: " + cid, innerException)
    {
        Cid = cid;
    }

    public Cid Cid { get; }
}

/// <summary>A block's bytes do not hash to its CID: the store was tampered with or corrupted. Never returns the bytes.</summary>
[ErrorKind(ErrorKind.Tampered)]
public sealed class BlockIntegrityException : StorageException
{
    public BlockIntegrityException()
    {
    }

    public BlockIntegrityException(string message)
        : base(message)
    {
    }

    public BlockIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlockIntegrityException(Cid cid)
        : base("block content does not match its hash: " + cid)
    {
        Cid = cid;
    }

    public BlockIntegrityException(Cid cid, Exception innerException)
        : base("block content does not match its hash: " + cid, innerException)
    {
        Cid = cid;
    }

    public Cid Cid { get; }
}

/// <summary>An upload exceeded the store's configured size limit; nothing of it was kept.</summary>
[ErrorKind(ErrorKind.TooLarge)]
public sealed class BlobTooLargeException : StorageException
{
    public BlobTooLargeException()
    {
    }

    public BlobTooLargeException(string message)
        : base(message)
    {
    }

    public BlobTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlobTooLargeException(long limitBytes)
        : base($"blob exceeds the store limit of {limitBytes} bytes")
    {
        LimitBytes = limitBytes;
    }

    public long LimitBytes { get; }
}
