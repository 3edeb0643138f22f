using EmrShare.Core.Errors;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Security;
using Microsoft.Net.Http.Headers;

namespace EmrShare.Web.Hosting;

/// <summary>
/// FHIR-facing errors: a client of the REST API that accepts <c>application/fhir+json</c> gets a refusal as a FHIR
/// OperationOutcome (severity, IssueType code from the error model's table, diagnostics, expression when known), as a
/// FHIR server built on the Firely SDK answers; every other client gets ProblemDetails. Texts are redacted and the
/// issue list capped exactly as for ProblemDetails (<see cref="ProblemRedaction"/>).
/// </summary>
internal static class FhirOutcome
{
    public const string MediaType = "application/fhir+json";

    /// <summary>True for an API request whose Accept header names FHIR JSON.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
            && accepted.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));
    }

    public static async Task WriteAsync(HttpContext context, Exception exception, int status, string title, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = ErrorTable.For(ProblemMapping.KindOf(exception));
        var issues = exception is FhirValidationException invalid
            ? invalid.Issues.Take(ProblemRedaction.MaxIssues)
                .Select(i => new FhirValidationIssue(i.Code, ProblemRedaction.Redact(i.Location) ?? string.Empty, ProblemRedaction.Redact(i.Message) ?? string.Empty))
            : [];
        var diagnostics = status >= 500 ? title : ProblemRedaction.Redact(exception.Message);
        var json = OperationOutcomes.ToJson(report.FhirIssueType, fatal: status >= 500, diagnostics, issues);
        context.Response.StatusCode = status;
        context.Response.ContentType = MediaType;
        await context.Response.WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }
}
