namespace EmrShare.Core.Errors;

/// <summary>How one <see cref="ErrorKind"/> is reported by each host.</summary>
/// <param name="HttpStatus">The REST API's and the dashboard's status (RFC 9110).</param>
/// <param name="ExitCode">The <c>emrshare</c> exit code (docs/cli.md).</param>
/// <param name="PeerCode">The peer protocol's code, sent with the HTTP status in <c>{"error","message","code"}</c>.</param>
/// <param name="FhirIssueType">The FHIR R4 IssueType code (http://hl7.org/fhir/issue-type) of an OperationOutcome.</param>
/// <param name="Title">A short human title (ProblemDetails title, dashboard error panel).</param>
public sealed record ErrorReport(int HttpStatus, int ExitCode, string PeerCode, string FhirIssueType, string Title);

/// <summary>
/// The one table from an error's kind to every way it is reported: HTTP status, CLI exit code, peer-protocol code and
/// FHIR issue type. <c>ProblemMapping</c> (Web), <c>CliErrors</c> (CLI) and <c>PeerEndpoints</c> (peer protocol) only
/// read it. Exit codes are the documented ones (docs/cli.md): 1 failed, 2 refused, 3 not found, 4 wrong passphrase,
/// 5 unreachable, 6 token refused, 64 usage, 130 interrupted.
/// </summary>
public static class ErrorTable
{
    private static readonly Dictionary<ErrorKind, ErrorReport> Reports = new()
    {
        [ErrorKind.Unexpected] = new(500, 1, "unexpected", "exception", "Unexpected error"),
        [ErrorKind.Invalid] = new(400, 2, "invalid", "invalid", "Bad request"),
        [ErrorKind.Usage] = new(500, 64, "usage", "exception", "The service is misconfigured"),
        [ErrorKind.Unauthenticated] = new(401, 2, "unauthenticated", "security", "Authentication failed"),
        [ErrorKind.CredentialsRefused] = new(401, 6, "credentials-refused", "login", "Sign-in failed"),
        [ErrorKind.WrongPassphrase] = new(401, 4, "wrong-passphrase", "login", "Sign-in failed"),
        [ErrorKind.Refused] = new(403, 2, "refused", "forbidden", "Access denied"),
        [ErrorKind.NotFound] = new(404, 3, "not-found", "not-found", "Not found"),
        [ErrorKind.Conflict] = new(409, 2, "conflict", "conflict", "Conflict"),
        [ErrorKind.Gone] = new(410, 3, "gone", "deleted", "Gone"),
        [ErrorKind.TooLarge] = new(413, 2, "too-large", "too-costly", "Too large"),
        [ErrorKind.Unprocessable] = new(422, 2, "unprocessable", "invalid", "Invalid record"),
        [ErrorKind.Tampered] = new(422, 2, "tampered", "security", "Verification failed"),
        [ErrorKind.RateLimited] = new(429, 2, "rate-limited", "throttled", "Too many requests"),
        [ErrorKind.Cancelled] = new(499, 130, "cancelled", "incomplete", "Cancelled"),
        [ErrorKind.UpstreamFailed] = new(502, 2, "upstream-failed", "transient", "Upstream node failed"),
        [ErrorKind.Unavailable] = new(503, 5, "unavailable", "transient", "A service this needs is unavailable"),
        [ErrorKind.Timeout] = new(504, 5, "timeout", "timeout", "Timed out"),
    };

    /// <summary>Every kind's report (for tests and docs).</summary>
    public static IReadOnlyDictionary<ErrorKind, ErrorReport> All => Reports;

    /// <summary>How <paramref name="kind"/> is reported; an unknown value is reported as <see cref="ErrorKind.Unexpected"/>.</summary>
    public static ErrorReport For(ErrorKind kind) => Reports.TryGetValue(kind, out var report) ? report : Reports[ErrorKind.Unexpected];

    /// <summary>
    /// The kind of any exception: an <see cref="EmrShareException"/>'s own, a kind declared on a type that must keep a
    /// framework base (<see cref="ErrorKindAttribute"/>), else the meaning of common framework exceptions; otherwise
    /// <see cref="ErrorKind.Unexpected"/>.
    /// </summary>
    public static ErrorKind KindOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            EmrShareException e => e.Kind,
            _ when ErrorKindAttribute.Of(exception.GetType()) is var declared and not ErrorKind.Unexpected => declared,
            OperationCanceledException => ErrorKind.Cancelled,
            FormatException or System.Text.Json.JsonException or ArgumentException => ErrorKind.Invalid,
            TimeoutException => ErrorKind.Timeout,
            HttpRequestException => ErrorKind.UpstreamFailed,
            FileNotFoundException or DirectoryNotFoundException => ErrorKind.NotFound,
            _ => ErrorKind.Unexpected,
        };
    }

    /// <summary>The kind a remote HTTP status stands for (a peer's or a node's answer), the inverse of the table.</summary>
    public static ErrorKind FromHttpStatus(int status) => status switch
    {
        400 => ErrorKind.Invalid,
        401 => ErrorKind.Unauthenticated,
        403 => ErrorKind.Refused,
        404 => ErrorKind.NotFound,
        409 => ErrorKind.Conflict,
        410 => ErrorKind.Gone,
        413 => ErrorKind.TooLarge,
        422 => ErrorKind.Unprocessable,
        429 => ErrorKind.RateLimited,
        502 => ErrorKind.UpstreamFailed,
        503 => ErrorKind.Unavailable,
        504 => ErrorKind.Timeout,
        >= 400 and < 500 => ErrorKind.Invalid,
        _ => ErrorKind.Unexpected,
    };

    /// <summary>The kind a peer-protocol code names, or null for a code this version does not know.</summary>
    public static ErrorKind? FromPeerCode(string? code)
    {
        foreach (var (kind, report) in Reports)
        {
            if (report.PeerCode == code)
            {
                return kind;
            }
        }

        return null;
    }
}
