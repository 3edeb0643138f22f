using Microsoft.AspNetCore.Antiforgery;

namespace EmrShare.Web.Hosting;

/// <summary>The dashboard's sign-out form posts here (antiforgery-checked), then lands on the sign-in page.</summary>
internal static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery, Auth.SignInService signIn) =>
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
            await signIn.SignOutAsync(context, context.RequestAborted).ConfigureAwait(false);
            return TypedResults.Redirect("/login");
        }).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }
}
