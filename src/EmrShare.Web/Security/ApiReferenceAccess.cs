using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Scalar.AspNetCore;

namespace EmrShare.Web.Security;

/// <summary>Who may read the OpenAPI document (<c>/openapi/v1.json</c>) and the API reference (<c>/scalar</c>).</summary>
public enum ApiReferenceAccess
{
    /// <summary>Not served at all (404).</summary>
    Off,

    /// <summary>Only the actor's administrator (Center admin, hospital admin, the wallet's owner). The default.</summary>
    AdminOnly,

    /// <summary>Anyone who can reach the port (development and the demo).</summary>
    Anonymous,
}

internal static class ApiReferenceEndpoints
{
    public static WebApplication MapEmrShareApiReference(this WebApplication app, WebActor actor, ApiReferenceAccess access)
    {
        if (access == ApiReferenceAccess.Off)
        {
            return app;
        }

        var document = app.MapOpenApi();
        var reference = app.MapScalarApiReference(scalar => scalar.WithTitle($"EmrShare {actor.DisplayName} API"));
        if (access == ApiReferenceAccess.AdminOnly)
        {
            var policy = AdminPolicy(actor);
            document.RequireAuthorization(policy);
            reference.RequireAuthorization(policy);
        }

        return app;
    }

    public static string AdminPolicy(WebActor actor) => actor switch
    {
        CenterActor => Policies.CenterAdmin,
        HospitalActor => Policies.HospitalAdmin,
        _ => Policies.Patient,
    };
}
