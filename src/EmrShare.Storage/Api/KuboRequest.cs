using EmrShare.Storage.Multiformats;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace EmrShare.Storage.Api;

/// <summary>Query and multipart helpers shared by the Kubo-compatible endpoints.</summary>
internal static class KuboRequest
{
    public static Cid RequiredCid(HttpRequest request)
    {
        var arg = request.Query["arg"].ToString();
        if (string.IsNullOrEmpty(arg))
        {
            throw new KuboArgumentException("argument \"arg\" is required");
        }

        // Kubo accepts /ipfs/<cid> paths as well as bare CIDs.
        if (arg.StartsWith("/ipfs/", StringComparison.Ordinal))
        {
            arg = arg["/ipfs/".Length..];
        }

        return Cid.Parse(arg);
    }

    public static bool Flag(HttpRequest request, string name, bool fallback)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? fallback : value switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw new KuboArgumentException($"option \"{name}\" must be true or false"),
        };
    }

    public static int Int(HttpRequest request, string name, int fallback)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new KuboArgumentException($"option \"{name}\" must be an integer");
    }

    /// <summary>Positions on the first file part of a multipart body and returns it, streaming (nothing buffered whole).</summary>
    public static async Task<(string Name, Stream Body)> FirstFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new KuboArgumentException("expected a multipart/form-data body with a file part");
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new KuboArgumentException("multipart body without a boundary");
        }

        // The store enforces its own size limit while streaming; the reader must not cap bodies at 128 MB.
        // A malformed body (truncated part, bad part headers, over-long boundary) is the client's fault: 400.
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "file";
                    return (name, new MultipartPartStream(section.Body));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException)
        {
            throw new KuboArgumentException("malformed multipart body: " + ex.Message, ex);
        }

        throw new KuboArgumentException("file argument \"data\" is required");
    }
}
