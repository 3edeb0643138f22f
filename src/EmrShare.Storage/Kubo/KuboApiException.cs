using System.Net;
using EmrShare.Core.Errors;

namespace EmrShare.Storage.Kubo;

/// <summary>An error answer of a Kubo RPC endpoint (<c>{"Message","Code","Type":"error"}</c>) or an unusable answer.</summary>
[ErrorKind(ErrorKind.UpstreamFailed)]
public sealed class KuboApiException : StorageException
{
    public KuboApiException()
    {
    }

    public KuboApiException(string message)
        : base(message)
    {
    }

    public KuboApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KuboApiException(HttpStatusCode status, string message, int code)
        : base($"Kubo RPC error {(int)status}: {message}")
    {
        Status = status;
        KuboMessage = message;
        KuboCode = code;
    }

    public HttpStatusCode Status { get; }

    public string KuboMessage { get; } = string.Empty;

    public int KuboCode { get; }

    /// <summary>A command the store does not serve (404 "… is not served …") is not a missing block.
    /// Kubo and js-ipfs report a missing block as "not found" or, when they waited on the network, a timeout.</summary>
    public bool MeansNotFound =>
        !KuboMessage.Contains("is not served", StringComparison.Ordinal) && (Status == HttpStatusCode.NotFound
        || KuboMessage.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || KuboMessage.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || KuboMessage.Contains("deadline exceeded", StringComparison.OrdinalIgnoreCase)
        || KuboMessage.Contains("not pinned", StringComparison.OrdinalIgnoreCase));
}
