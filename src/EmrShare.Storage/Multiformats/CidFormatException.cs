using EmrShare.Core.Errors;

namespace EmrShare.Storage.Multiformats;

/// <summary>A string or byte sequence that is not a CID this store can use (bad multibase, varint, multihash…).</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class CidFormatException : FormatException
{
    public CidFormatException()
    {
    }

    public CidFormatException(string message)
        : base(message)
    {
    }

    public CidFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
