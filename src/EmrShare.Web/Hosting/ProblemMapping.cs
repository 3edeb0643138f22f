using System.Text.Json;
using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Fhir;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes;
using EmrShare.Nodes.Center;
using EmrShare.Storage;
using EmrShare.Web.Auth;
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

    /// <summary>The status and title for a refusal; public to the tests so the table is checked directly.</summary>
    internal static (int Status, string Title) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "Bad request"),
        RequestValidationException => (StatusCodes.Status400BadRequest, "One or more fields are invalid"),
        ConflictException => (StatusCodes.Status409Conflict, "Conflict"),
        Nodes.Hospital.PatientMismatchException => (StatusCodes.Status409Conflict, "The record is about another patient than this chart"),
        EnrolmentRefusedException { Reason: EnrolmentRefusal.InvalidRequest } => (StatusCodes.Status400BadRequest, "Invalid registration request"),
        EnrolmentRefusedException => (StatusCodes.Status409Conflict, "Enrolment refused"),
        PractitionerRequiredException => (StatusCodes.Status403Forbidden, "Access denied"),
        FulfilmentTimeoutException => (StatusCodes.Status504GatewayTimeout, "The custodian did not answer in time"),
        ChainUnavailableException => (StatusCodes.Status503ServiceUnavailable, "The chain node is unreachable"),
        NonceConflictException => (StatusCodes.Status503ServiceUnavailable, "Another client is sending from this chain account at the same time; retry"),
        StorageUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Storage refuses writes (disk full or read-only); reads still work"),
        Storage.Kubo.BlobStoreUnreachableException => (StatusCodes.Status503ServiceUnavailable, "The blob store is unreachable"),
        JsonException or FormatException => (StatusCodes.Status400BadRequest, "Malformed request"),
        SignInFailedException or KeystorePassphraseException => (StatusCodes.Status401Unauthorized, "Sign-in failed"),
        AccessDeniedException or NotRegisteredException => (StatusCodes.Status403Forbidden, "Access denied"),
        UnknownEntityException or KeystoreEntryNotFoundException or BlobNotFoundException => (StatusCodes.Status404NotFound, "Not found"),
        ContractRevertedException => (StatusCodes.Status409Conflict, "The chain refused the transaction"),
        RecordErasedException => (StatusCodes.Status410Gone, "Record erased"),
        BlobTooLargeException => (StatusCodes.Status413PayloadTooLarge, "Too large"),
        EmrFormatException => (StatusCodes.Status422UnprocessableEntity, "Invalid record"),
        RecordVerificationException or EmrShareSecurityException => (StatusCodes.Status422UnprocessableEntity, "Verification failed"),
        NodeException or ArgumentException => (StatusCodes.Status400BadRequest, "Bad request"),
        OperationCanceledException => (StatusCodes.Status499ClientClosedRequest, "Cancelled"),
        HttpRequestException or TransactionFailedException => (StatusCodes.Status502BadGateway, "Upstream node failed"),
        _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} while serving {Path}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, PathString path);
}
