using Microsoft.AspNetCore.Http;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// CORS for browser dapps, off by default: without configured origins every request carrying another site's
/// <c>Origin</c> header is refused (403), so no web page of another site can drive the node through a visitor's browser.
/// </summary>
internal sealed class CorsPolicy(IReadOnlyList<string> origins)
{
    private readonly HashSet<string> _origins = new(origins.Select(o => o.TrimEnd('/')), StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the request may proceed; otherwise the 403 is already written.</summary>
    public bool Allows(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || IsSameOrigin(context, origin))
        {
            // No Origin, or a page of the host that serves this endpoint (browsers send Origin on every POST,
            // same-origin included): not a cross-origin call, so no CORS rule applies.
            return true;
        }

        if (!IsAllowed(origin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return false;
        }

        context.Response.Headers.AccessControlAllowOrigin = _origins.Contains("*") ? "*" : origin;
        context.Response.Headers.Vary = "Origin";
        return true;
    }

    public IResult Preflight(HttpContext context)
    {
        if (!Allows(context))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        context.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
        context.Response.Headers.AccessControlMaxAge = "600";
        return Results.NoContent();
    }

    private static bool IsSameOrigin(HttpContext context, string origin) =>
        string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host.Value}", StringComparison.OrdinalIgnoreCase);

    private bool IsAllowed(string origin) => _origins.Contains("*") || _origins.Contains(origin);
}
