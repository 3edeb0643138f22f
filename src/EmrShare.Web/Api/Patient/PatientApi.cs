using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmrShare.Web.Api.Patient;

/// <summary>The patient's wallet API: medical index, grants, revocations, access log.</summary>
internal static class PatientApi
{
    public static IEndpointRouteBuilder MapPatientApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.Patient);
        api.MapGet("/index", Index).WithTags("Index").WithSummary("The medical index: which hospital holds which record.");
        return app;
    }

    public static Ok<IReadOnlyList<IndexEntrySummary>> Index(PatientActor actor) =>
        TypedResults.Ok<IReadOnlyList<IndexEntrySummary>>([.. actor.Wallet.Index.Entries.Select(IndexEntrySummary.Of)]);
}
