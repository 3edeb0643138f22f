namespace EmrShare.Web.Security;

/// <summary>
/// Stops cross-site requests that ride on the browser's cookie (CSRF): an unsafe method (POST, PUT, PATCH, DELETE)
/// that carries this actor's sign-in cookie and no bearer token must come from this origin — its <c>Origin</c> header
/// equals the request's own scheme and host, or it carries the <c>X-EmrShare-Request</c> header, which a cross-site
/// page cannot send without a CORS preflight that this server never grants.
/// </summary>
internal sealed class CrossOriginGuard(RequestDelegate next, string cookieName)
{
    /// <summary>The header a same-origin script or an integration sends instead of a matching Origin.</summary>
    public const string RequestHeader = "X-EmrShare-Request";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return next(context);
        }

        if (CarriesCookie(request) && !IsSameOrigin(request))
        {
            return RefuseAsync(context, StatusCodes.Status403Forbidden, "Cross-origin request refused",
                "A request signed in by cookie must come from this site (matching Origin) or carry the " + RequestHeader + " header.");
        }

        return next(context);
    }

    private bool CarriesCookie(HttpRequest request) =>
        request.Cookies.ContainsKey(cookieName)
        && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool IsSameOrigin(HttpRequest request)
    {
        if (request.Headers.ContainsKey(RequestHeader))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    internal static Task RefuseAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
