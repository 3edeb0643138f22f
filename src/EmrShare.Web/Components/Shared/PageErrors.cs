using EmrShare.Web.Hosting;
using EmrShare.Web.Services;

namespace EmrShare.Web.Components.Shared;

/// <summary>
/// Which exceptions a dashboard form shows to the user as an error panel: every refusal the API answers with a
/// 4xx (same table as <see cref="ProblemMapping"/>). Anything else is a fault and goes to the error handler.
/// </summary>
internal static class PageErrors
{
    public static bool IsExpected(Exception exception) =>
        exception is RequestValidationException or ConflictException or PractitionerRequiredException
        || ProblemMapping.Classify(exception).Status < 500;

    public static string Title(Exception exception) => exception switch
    {
        RequestValidationException => "Please correct the highlighted fields",
        ConflictException => "Conflict",
        PractitionerRequiredException => "No practitioner key",
        _ => ProblemMapping.Classify(exception).Title,
    };
}
