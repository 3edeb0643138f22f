using EmrShare.Web.Api.Center;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Api.Patient;
using EmrShare.Web.Hosting;

namespace EmrShare.Web.Api;

/// <summary>Maps the REST API of the one actor this app serves; other actors' routes do not exist here.</summary>
internal static class ActorApi
{
    public static IEndpointRouteBuilder MapActorApi(this IEndpointRouteBuilder app, WebActor actor)
    {
        switch (actor)
        {
            case CenterActor:
                app.MapCenterApi();
                break;
            case HospitalActor:
                app.MapHospitalApi();
                break;
            case PatientActor:
                app.MapPatientApi();
                break;
            default:
                throw new ArgumentException($"unknown actor {actor.GetType().Name}", nameof(actor));
        }

        return app;
    }
}
