using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Center;

/// <summary>The Center's REST API: registrations and the chain explorer (all center-admin only).</summary>
internal static class CenterApi
{
    public static IEndpointRouteBuilder MapCenterApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.CenterAdmin);
        api.MapGet("/deployment", Deployment).WithTags("Chain").WithSummary("Chain id and the four contract addresses.");
        return app;
    }

    public static Ok<DeploymentInfo> Deployment(CenterActor actor) =>
        TypedResults.Ok(DeploymentInfo.Of(actor.Center.ChainAccessUsed.ChainId, actor.Center.Addresses));
}
