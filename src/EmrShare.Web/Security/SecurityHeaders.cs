namespace EmrShare.Web.Security;

/// <summary>
/// Response headers every EmrShare page and API answer carries: no framing (clickjacking), no MIME sniffing, no
/// referrer (record ids are in paths), and <c>no-store</c> so no browser or proxy cache keeps a page or an API answer
/// that may carry PHI. Only the stylesheet may be cached. The dashboards run one script of their own (app.js, busy buttons) and no inline script; the
/// API reference (Scalar) gets its own script allowance and nothing else.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    internal const string PageCsp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'self'; frame-ancestors 'none'";
    internal const string ApiReferenceCsp = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            var path = http.Request.Path;
            headers.ContentSecurityPolicy = path.StartsWithSegments("/scalar") ? ApiReferenceCsp : PageCsp;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin"; // not no-referrer: browsers then send "Origin: null" on form posts, which the CSRF guard must refuse
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!path.Equals("/app.css", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            headers.Remove("Server");
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
