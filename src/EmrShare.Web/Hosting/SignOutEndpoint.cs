using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EmrShare.Web.Hosting;

/// <summary>The dashboard's sign-out form posts here (antiforgery-checked), then lands on the sign-in page.</summary>
internal static class SignOutEndpoint
{
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            await antiforgery.ValidateRequestAsync(context).ConfigureAwait(false);
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return TypedResults.Redirect("/login");
        }).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }
}
