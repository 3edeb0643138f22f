using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EmrShare.Web.Auth;

/// <summary>
/// Browsers sign in with a cookie (HttpOnly, SameSite=Strict, one name per actor so actors on the same host
/// never overwrite each other); an EMR integration asks <c>POST /api/session/token</c> for a bearer token.
/// API paths answer 401/403 instead of redirecting to the sign-in page.
/// </summary>
public static class AuthenticationSetup
{
    private const string Smart = "cookie-or-bearer";

    internal static IServiceCollection AddEmrShareAuthentication(this IServiceCollection services, WebActor actor)
    {
        services.AddScoped<SignInService>();
        services.AddScoped<OperatorTokenService>();
        services.AddScoped<StaffAdministration>();
        services.AddSingleton<Security.SignInThrottle>();
        services.AddSingleton(new Security.SignInThrottleOptions());
        services.AddSingleton(new SessionLifetime());
        services.AddSingleton<ISessionStore>(actor switch
        {
            CenterActor center => center.Accounts.Sessions,
            HospitalActor hospital => hospital.Accounts.Sessions,
            _ => new MemorySessionStore(),
        });
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Smart;
                options.DefaultChallengeScheme = Smart;
            })
            .AddPolicyScheme(Smart, "cookie or bearer token", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? BearerTokenDefaults.AuthenticationScheme
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = ActorIdentity.Of(actor);
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                options.LoginPath = "/login";
                options.AccessDeniedPath = "/denied";
                options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(options => options.BearerTokenExpiration = TimeSpan.FromHours(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.CenterAdmin, policy => policy.RequireRole(Roles.CenterAdmin))
            .AddPolicy(Policies.HospitalStaff, policy => policy.RequireRole(Roles.Clinician, Roles.HospitalAdmin))
            .AddPolicy(Policies.HospitalAdmin, policy => policy.RequireRole(Roles.HospitalAdmin))
            .AddPolicy(Policies.Patient, policy => policy.RequireRole(Roles.Patient))
            // Each app signs in only its own actor's roles, so this admits the Center admin in the Center and a hospital admin in a hospital.
            .AddPolicy(Policies.StaffAdmin, policy => policy.RequireRole(Roles.CenterAdmin, Roles.HospitalAdmin));
        return services;
    }

    /// <summary>Authentication, then the server-side session check (sign-out, stamp, lifetime) before any authorization.</summary>
    public static WebApplication UseEmrShareAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<SessionValidation>();
        app.UseMiddleware<Security.DeclaredContentTypes>();
        return app;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            // Relative: the Host header is client input and must never be echoed into a redirect.
            context.Response.Redirect(RelativeUri(context.RedirectUri));
        }

        return Task.CompletedTask;
    }

    internal static string RelativeUri(string redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : redirectUri;
}
