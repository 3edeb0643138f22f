namespace EmrShare.Web.Hosting;

/// <summary>
/// Every actor's pages live under <c>/{kind}</c> (center, hospital, patient) in one assembly; this app serves
/// only its own actor's pages, so the other prefixes answer 404 before any page code runs.
/// </summary>
internal sealed class ActorRouteGuard(RequestDelegate next, WebActor actor)
{
    private static readonly string[] Kinds = ["center", "hospital", "patient"];

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path == "/" || path == string.Empty)
        {
            context.Response.Redirect("/" + actor.Kind);
            return Task.CompletedTask;
        }

        foreach (var kind in Kinds)
        {
            if (kind != actor.Kind && path.StartsWithSegments("/" + kind, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }

        return next(context);
    }
}
