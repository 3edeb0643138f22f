using Microsoft.AspNetCore.Http.Features;

namespace EmrShare.Web.Api;

/// <summary>
/// Reads a raw document body (FHIR, HL7 v2, C-CDA) with the app's size limit enforced while reading, so an
/// oversized upload is refused with 413 whatever server hosts the app (Kestrel or the in-memory test server).
/// </summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize
            ?? request.HttpContext.RequestServices.GetService<Hosting.WebAppOptions>()?.MaxRequestBodyBytes
            ?? Hosting.WebAppOptions.DefaultMaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            throw new BadHttpRequestException("the request body is too large", StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new BadHttpRequestException("the request body is too large", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw new Services.RequestValidationException("body", "a document body is required");
        }

        return buffer.ToArray();
    }
}
