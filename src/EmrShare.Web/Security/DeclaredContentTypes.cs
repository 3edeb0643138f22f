using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;

namespace EmrShare.Web.Security;

/// <summary>
/// An API body must have one of the content types its endpoint declares (415 otherwise), so a "simple" cross-site
/// <c>text/plain</c> or form post cannot reach a JSON or FHIR endpoint. Runs after authentication: a caller who is
/// not signed in for a protected endpoint gets the 401 first.
/// </summary>
internal sealed class DeclaredContentTypes(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Path.StartsWithSegments("/api") || AwaitsSignIn(context) || IsDeclared(context))
        {
            return next(context);
        }

        return CrossOriginGuard.RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
            "This endpoint accepts only the content types its OpenAPI description declares.");
    }

    private static bool AwaitsSignIn(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        return context.User.Identity?.IsAuthenticated != true
            && metadata?.GetMetadata<IAllowAnonymous>() is null
            && metadata?.GetOrderedMetadata<IAuthorizeData>().Count > 0;
    }

    private static bool IsDeclared(HttpContext context)
    {
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody && string.IsNullOrEmpty(request.ContentType))
        {
            return true;
        }

        var accepts = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAcceptsMetadata>();
        if (accepts is null || accepts.Count == 0)
        {
            // No declared body at all: a body is not expected, so none may be sent.
            return !hasBody;
        }

        var mediaType = (request.ContentType ?? string.Empty).Split(';', 2)[0].Trim();
        return accepts.SelectMany(a => a.ContentTypes).Any(declared => string.Equals(declared, mediaType, StringComparison.OrdinalIgnoreCase));
    }
}
