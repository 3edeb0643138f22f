using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EmrShare.Web.Security;

/// <summary>
/// The web hardening every actor's app gets, as two calls: <see cref="AddEmrShareSecurity"/> with the services and
/// <see cref="UseEmrShareSecurity"/> first in the pipeline (so even error answers carry the headers).
/// </summary>
public static class SecurityPipeline
{
    /// <summary>
    /// Configuration key (standard ASP.NET Core; the framework's host filtering reads it) listing the host names
    /// this app answers, ';'-separated; any other Host header gets 400. Deployments set it to their public names.
    /// </summary>
    public const string AllowedHostsKey = "AllowedHosts";

    public static IServiceCollection AddEmrShareSecurity(this IServiceCollection services)
    {
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var previous = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                ProblemRedaction.Apply(context);
            };
        });
        return services;
    }

    public static WebApplication UseEmrShareSecurity(this WebApplication app, WebActor actor)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<CrossOriginGuard>(ActorIdentity.Of(actor));
        return app;
    }
}
