using System.Text.Json;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Errors;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes;
using EmrShare.Nodes.Center;
using EmrShare.Web.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EmrShare.Web.Hosting;

/// <summary>
/// Maps every domain refusal to one HTTP status and a ProblemDetails body, once, for API and pages alike. Only
/// unexpected faults become 500, and their details are never sent (they could quote data).
/// </summary>
internal sealed partial class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = Classify(exception);
        if (status >= 500)
        {
            LogUnexpected(logger, exception.GetType().Name, httpContext.Request.Path);
        }

        if (FhirOutcome.IsWanted(httpContext.Request))
        {
            await FhirOutcome.WriteAsync(httpContext, exception, status, title, cancellationToken).ConfigureAwait(false);
            return true;
        }

        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = status >= 500 ? null : exception.Message,
            Type = $"https://emrshare.dev/problems/{exception.GetType().Name}",
        };
        problem.Extensions["error"] = exception.GetType().Name;
        if (exception is FhirValidationException invalid)
        {
            problem.Extensions["issues"] = invalid.Issues.Select(i => new { code = i.Code, location = i.Location, message = i.Message }).ToList();
        }
        else if (exception is RequestValidationException invalidInput)
        {
            problem.Extensions["errors"] = invalidInput.Errors;
        }
        else if (exception is Nodes.Hospital.PatientMismatchException mismatch)
        {
            problem.Extensions["mismatches"] = mismatch.Fields;
            if (mismatch.QuarantineId is { } quarantineId)
            {
                problem.Extensions["quarantineId"] = quarantineId;
            }
        }
        else if (exception is EnrolmentRefusedException enrolment)
        {
            problem.Extensions["reason"] = enrolment.Reason.ToString();
        }
        else if (exception is ContractRevertedException reverted)
        {
            problem.Extensions["revert"] = reverted.ErrorName;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception })
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The status and title for a refusal: the error model's table (<see cref="ErrorTable"/>) for the failure's kind,
    /// and a more precise title where this app has one. Internal to the tests so the mapping is checked directly.
    /// </summary>
    internal static (int Status, string Title) Classify(Exception exception)
    {
        if (exception is BadHttpRequestException bad)
        {
            return (bad.StatusCode, "Bad request");
        }

        var report = ErrorTable.For(KindOf(exception));
        return (report.HttpStatus, Title(exception) ?? report.Title);
    }

    /// <summary>
    /// The kind of a failure reaching the web app: every EmrShare exception's own, and the framework failures a request
    /// causes (malformed JSON or ids, a cancelled request, a failed upstream call); anything else is a fault.
    /// </summary>
    internal static ErrorKind KindOf(Exception exception) => exception switch
    {
        EmrShareException or OperationCanceledException or FormatException or JsonException or ArgumentException or HttpRequestException
            => ErrorTable.KindOf(exception),
        _ => ErrorKind.Unexpected,
    };

    private static string? Title(Exception exception) => exception switch
    {
        RequestValidationException => "One or more fields are invalid",
        Nodes.Hospital.PatientMismatchException => "The record is about another patient than this chart",
        EnrolmentRefusedException { Reason: EnrolmentRefusal.InvalidRequest } => "Invalid registration request",
        EnrolmentRefusedException => "Enrolment refused",
        FulfilmentTimeoutException => "The custodian did not answer in time",
        ChainUnavailableException => "The chain node is unreachable",
        NonceConflictException => "Another client is sending from this chain account at the same time; retry",
        StorageUnavailableException => "Storage refuses writes (disk full or read-only); reads still work",
        Storage.Kubo.BlobStoreUnreachableException => "The blob store is unreachable",
        ContractRevertedException => "The chain refused the transaction",
        RecordErasedException => "Record erased",
        JsonException or FormatException => "Malformed request",
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, PathString path);
}
