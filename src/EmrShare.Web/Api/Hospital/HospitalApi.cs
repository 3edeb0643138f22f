using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Hospital;

/// <summary>The hospital's REST API for its EMR and for staff: patients, records, sharing, audit.</summary>
internal static class HospitalApi
{
    public static IEndpointRouteBuilder MapHospitalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.HospitalStaff);
        api.MapGet("/records", ListRecordsAsync).WithTags("Records").WithSummary("Every record version held here (metadata only).");
        return app;
    }

    public static async Task<Ok<IReadOnlyList<RecordSummary>>> ListRecordsAsync(HospitalActor actor, CancellationToken ct)
    {
        var rows = await actor.Hospital.Database.ListRecordsAsync(ct).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<RecordSummary>>([.. rows.Select(RecordSummary.Of)]);
    }
}
