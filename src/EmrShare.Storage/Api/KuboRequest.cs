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

    public static int Int(HttpRequest request, string name, int fallback, bool allowNegative = false)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        var style = allowNegative ? System.Globalization.NumberStyles.AllowLeadingSign : System.Globalization.NumberStyles.None;
        return int.TryParse(value, style, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new KuboArgumentException($"option \"{name}\" must be an integer");
    }

    /// <summary>Every <c>arg</c> of a command taking several paths (ls, refs, block/rm); at least one is required.</summary>
    public static IReadOnlyList<string> RequiredArgs(HttpRequest request)
    {
        var args = request.Query["arg"].Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).ToList();
        return args.Count > 0 ? args : throw new KuboArgumentException("argument \"arg\" is required");
    }

    public static long Long(HttpRequest request, string name, long fallback)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return fallback;
        }

        return long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new KuboArgumentException($"option \"{name}\" must be a non-negative integer");
    }

    /// <summary><c>block/put</c>'s codec and CID version: Kubo's cid-codec (default raw, CIDv1) or the legacy/js-ipfs format + version.</summary>
    public static (ulong Codec, int Version) BlockFormat(HttpRequest request)
    {
        var codecName = request.Query["cid-codec"].ToString();
        if (codecName.Length == 0)
        {
            codecName = request.Query["format"].ToString();
        }

        var (codec, defaultVersion) = codecName switch
        {
            "" or "raw" => (Multicodec.Raw, 1),
            "dag-pb" => (Multicodec.DagPb, 1),
            "v0" or "protobuf" => (Multicodec.DagPb, 0),
            _ => throw new KuboArgumentException("unsupported block codec: " + codecName),
        };
        var mhtype = request.Query["mhtype"].ToString();
        if (mhtype.Length > 0 && mhtype != "sha2-256")
        {
            throw new KuboArgumentException("only mhtype sha2-256 is supported");
        }

        var version = Int(request, "version", Int(request, "cid-version", defaultVersion));
        if (version is not (0 or 1) || (version == 0 && codec != Multicodec.DagPb))
        {
            throw new KuboArgumentException("CIDv0 is only possible for dag-pb blocks");
        }

        return (codec, version);
    }

    /// <summary>
    /// Positions on the first file or directory part of a multipart body, streaming (nothing buffered whole). Plain
    /// form fields (no file name, not named "file") are skipped.
    /// </summary>
    public static async Task<KuboUpload> FirstFileAsync(HttpRequest request, CancellationToken cancellationToken)
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
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        return await KuboUpload.NextFileAsync(reader, cancellationToken).ConfigureAwait(false)
            ?? throw new KuboArgumentException("file argument \"data\" is required");
    }
}
