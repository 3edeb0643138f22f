using System.Text.Encodings.Web;
using EmrShare.Web.Security;
using Microsoft.Net.Http.Headers;

namespace EmrShare.Web.Hosting;

/// <summary>
/// A browser asking for a dashboard page (Accept names <c>text/html</c>, not a machine route) gets an error in words
/// (an unknown address, a refused form, a fault) instead of raw ProblemDetails JSON. API, peer, store and JSON-RPC
/// routes keep ProblemDetails. Registered first among the ProblemDetails writers, so the exception handler and the
/// status-code pages both use it; texts are redacted like ProblemDetails (<see cref="ProblemRedaction"/>) and a fault
/// never shows its details.
/// </summary>
internal sealed class HtmlErrorPage : IProblemDetailsWriter
{
    /// <summary>The machine-facing route prefixes: REST API, peer protocol and relay, blob store, JSON-RPC, OpenAPI.</summary>
    private static readonly string[] MachineRoutes = ["/api", "/v1", "/store", "/rpc", "/openapi", "/scalar", "/health", "/metrics"];

    public bool CanWrite(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return IsPageRequest(context.HttpContext.Request);
    }

    /// <summary>True for a browser's request for a page: not a machine route, and Accept names text/html.</summary>
    public static bool IsPageRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !MachineRoutes.Any(route => request.Path.StartsWithSegments(route, StringComparison.OrdinalIgnoreCase))
            && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
            && accepted.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var status = context.ProblemDetails.Status ?? response.StatusCode;
        var (heading, advice) = Words(status);
        var detail = status >= 500 ? null : ProblemRedaction.Redact(context.ProblemDetails.Detail);
        var html = HtmlEncoder.Default;
        var page = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{html.Encode(heading)}</title><link rel="stylesheet" href="/app.css"></head>
            <body>
            <main>
            <section class="card narrow" data-testid="error-page">
            <h1>{html.Encode(heading)}</h1>
            {(detail is null ? string.Empty : $"<p data-testid=\"error-detail\">{html.Encode(detail)}</p>")}
            <p>{html.Encode(advice)}</p>
            <p><a href="/">Back to the start page</a> (error {status})</p>
            </section>
            </main>
            </body>
            </html>
            """;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(page, context.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static (string Heading, string Advice) Words(int status) => status switch
    {
        404 => ("Page not found", "There is no page at this address. Check the link, or start again from the start page."),
        401 => ("Please sign in", "This page needs you to sign in first."),
        403 => ("Not allowed", "Your role does not allow this. Ask an administrator if you think it should."),
        410 => ("No longer available", "What this page showed was removed for good (for example an erased record)."),
        429 => ("Too many attempts", "Wait a little, then try again."),
        >= 400 and < 500 => ("This could not be done", "Nothing was changed. Go back, correct what is described above, and try again."),
        503 or 504 => ("A service is not available", "A service this page needs (the chain node, storage or another hospital) did not answer. Try again in a moment."),
        _ => ("Something went wrong on our side", "The error was logged without any patient data. Try again in a moment; if it keeps happening, tell your administrator."),
    };
}
