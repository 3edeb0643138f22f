using Microsoft.AspNetCore.Http.Features;

namespace EmrShare.Web.Api;

/// <summary>
/// Reads a request body with a size limit enforced while reading, so an oversized upload is refused with 413
/// whatever server hosts the app (Kestrel or the in-memory test server).
/// </summary>
internal static class RequestBody
{
    /// <summary>A raw document body (FHIR, HL7 v2, C-CDA) under the app's limit; an empty body is refused.</summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? request.HttpContext.RequestServices.GetService<Hosting.WebAppOptions>()?.MaxRequestBodyBytes
            ?? Hosting.WebAppOptions.DefaultMaxRequestBodyBytes;
        var body = await ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? throw new Services.RequestValidationException("body", "a document body is required") : body;
    }

    /// <summary>
    /// At most <paramref name="limit"/> bytes. The server's own limit for the request is left as it is: lowered, it
    /// would make the server close the connection while draining what was not read, under a client that already
    /// sent its next request on it (seen as "response ended prematurely").
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(81920, limit + 1)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static BadHttpRequestException TooLarge() =>
        new("the request body is too large", StatusCodes.Status413PayloadTooLarge);
}
