using System.Net;
using EmrShare.Core.Errors;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's error body <c>{"Message","Code","Type":"error"}</c>. Codes follow go-ipfs-cmds (0 normal, 1 client,
/// 3 not found). Unlike Kubo, which answers 500 for most failures, client mistakes get 4xx here.
/// </summary>
public sealed record KuboApiError(string Message, int Code, string Type = "error")
{
    /// <summary>HTTP status and body for an exception escaping an endpoint; null = not a domain error (rethrow).</summary>
    public static (HttpStatusCode Status, KuboApiError Body)? FromException(Exception exception) => exception switch
    {
        CidFormatException e => (HttpStatusCode.BadRequest, new KuboApiError("invalid CID: " + e.Message, 1)),
        KuboArgumentException e => (HttpStatusCode.BadRequest, new KuboApiError(e.Message, 1)),
        BlobNotFoundException e => (HttpStatusCode.NotFound, new KuboApiError(e.Message, 3)),
        BlobTooLargeException e => (HttpStatusCode.RequestEntityTooLarge, new KuboApiError(e.Message, 1)),
        Import.UnixFsPathException e => (HttpStatusCode.BadRequest, new KuboApiError(e.Message, 1)),
        DagFormatException e => (HttpStatusCode.BadRequest, new KuboApiError(e.Message, 1)),
        BlockIntegrityException e => (HttpStatusCode.InternalServerError, new KuboApiError(e.Message, 0)),
        Microsoft.AspNetCore.Http.BadHttpRequestException e => (HttpStatusCode.BadRequest, new KuboApiError(e.Message, 1)),
        _ => null,
    };
}

/// <summary>A missing or invalid request argument (HTTP 400).</summary>
[ErrorKind(ErrorKind.Invalid)]
public sealed class KuboArgumentException : StorageException
{
    public KuboArgumentException()
    {
    }

    public KuboArgumentException(string message)
        : base(message)
    {
    }

    public KuboArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
