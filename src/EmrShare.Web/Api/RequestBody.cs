using Microsoft.AspNetCore.Http.Features;

namespace EmrShare.Web.Api;

/// <summary>
/// Reads a request body with a size limit enforced while reading, so an oversized upload is refused with 413
/// whatever server hosts the app (Kestrel or the in-memory test server).
/// </summary>
internal static class RequestBody
{
    private const int Chunk = 81920;

    /// <summary>The most a stated Content-Length reserves before its bytes arrive.</summary>
    internal const int InitialDeclaredBytes = 1024 * 1024;

    /// <summary>
    /// A clinical record body (FHIR, HL7 v2, C-CDA, CSV) under <see cref="ServiceDefaults.ServiceOptions.MaxRecordBodyBytes"/>
    /// (config <c>Host:MaxRecordBodyBytes</c>, 64 MiB by default). Only these routes raise the server's own limit for
    /// the request, and only up to that value; an empty body is refused.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.HttpContext.RequestServices.GetService<ServiceDefaults.ServiceOptions>()?.MaxRecordBodyBytes
            ?? ServiceDefaults.ServiceOptions.DefaultMaxRecordBodyBytes;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server
            && server.MaxRequestBodySize is { } serverLimit && serverLimit < limit)
        {
            // Raised, never lowered (a lowered limit makes the server drop the connection while draining the rest).
            server.MaxRequestBodySize = limit;
        }

        var body = await ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? throw new Services.RequestValidationException("body", "a document body is required") : body;
    }

    /// <summary>
    /// A single resource (a FHIR Patient): under the server's own limit <see cref="ServiceDefaults.ServiceOptions.MaxRequestBodyBytes"/>
    /// (4 MiB by default), which is left as it is; an empty body is refused.
    /// </summary>
    public static async Task<byte[]> ReadResourceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.HttpContext.RequestServices.GetService<ServiceDefaults.ServiceOptions>()?.MaxRequestBodyBytes
            ?? new ServiceDefaults.ServiceOptions().MaxRequestBodyBytes;
        var body = await ReadAsync(request, limit, cancellationToken).ConfigureAwait(false);
        return body.Length == 0 ? throw new Services.RequestValidationException("body", "a document body is required") : body;
    }

    /// <summary>
    /// At most <paramref name="limit"/> bytes. The server's own limit for the request is left as it is: lowered, it
    /// would make the server close the connection while draining what was not read, under a client that already
    /// sent its next request on it (seen as "response ended prematurely"). A body that states its length grows
    /// its buffer as bytes arrive, up to exactly that length (<see cref="ReadDeclaredAsync"/>); one sent in chunks
    /// grows a buffer until it ends or passes the limit.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        limit = Math.Min(limit, Array.MaxLength);
        if (request.ContentLength > limit)
        {
            throw TooLarge();
        }

        return request.ContentLength is { } length
            ? await ReadDeclaredAsync(request.Body, (int)length, cancellationToken).ConfigureAwait(false)
            : await ReadChunkedAsync(request.Body, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A body that states its length: the buffer starts at most <see cref="InitialDeclaredBytes"/> and doubles (never
    /// past the stated length) only as bytes arrive, so a client stating 64 MiB and sending nothing pins 1 MiB, not
    /// 64 MiB. The stated length is already under the limit; a body ending short of it is refused with 400.
    /// </summary>
    internal static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(length, InitialDeclaredBytes)];
        var filled = 0;
        int read;
        while (filled < length)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            }

            read = await body.ReadAsync(buffer.AsMemory(filled, Math.Min(Chunk, buffer.Length - filled)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                // The server ends the body at Content-Length; a shorter body means the client gave up mid-way.
                throw new BadHttpRequestException("the request body ended before its stated Content-Length", StatusCodes.Status400BadRequest);
            }

            filled += read;
        }

        return buffer;
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(Chunk, limit + 1)];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
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
