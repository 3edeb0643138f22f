using System.Text;
using System.Text.Json;
using EmrShare.Fhir.Codec;
using EmrShare.Nodes;
using EmrShare.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmrShare.Web.Tests.ErrorModel;

/// <summary>
/// How one refusal is written, by who asks (issue 20 item 1, issue 16 item 13): a FHIR client of the API gets an
/// OperationOutcome, any other API client ProblemDetails, a browser asking for a page an error page in words. The real
/// exception handler and ProblemDetails services run over a request context; no network.
/// </summary>
public sealed class ErrorResponseTests
{
    private const string Secret = "Everywoman 1962-03-14";

    [Fact]
    public async Task Refusal_FhirClientOnRecordRoute_OperationOutcomeWithIssues()
    {
        var invalid = new FhirValidationException(new FhirValidationIssue("EMR001", "Bundle.entry[2].fullUrl", "fullUrl must be a urn:uuid"));
        var (status, type, body) = await HandleAsync(invalid, "/api/patients/p1/records", "application/fhir+json");

        Assert.Equal(422, status);
        Assert.Equal("application/fhir+json", type);
        using var outcome = JsonDocument.Parse(body);
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        var issue = outcome.RootElement.GetProperty("issue")[0];
        Assert.Equal("error", issue.GetProperty("severity").GetString());
        Assert.Equal("invalid", issue.GetProperty("code").GetString());
        Assert.Equal("Bundle.entry[2].fullUrl", issue.GetProperty("expression")[0].GetString());
        Assert.Equal("EMR001", issue.GetProperty("details").GetProperty("text").GetString());
        Assert.Contains("urn:uuid", issue.GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_FhirClientNotFound_OperationOutcomeNotFound()
    {
        var (status, type, body) = await HandleAsync(new UnknownEntityException("no such record"), "/api/records/r1", "application/fhir+json");

        Assert.Equal(404, status);
        Assert.Equal("application/fhir+json", type);
        using var outcome = JsonDocument.Parse(body);
        Assert.Equal("not-found", outcome.RootElement.GetProperty("issue")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Fault_FhirClient_FatalOutcomeWithoutDetails()
    {
        var (status, _, body) = await HandleAsync(new InvalidOperationException(Secret), "/api/records/r1", "application/fhir+json");

        Assert.Equal(500, status);
        using var outcome = JsonDocument.Parse(body);
        Assert.Equal("fatal", outcome.RootElement.GetProperty("issue")[0].GetProperty("severity").GetString());
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_JsonClient_ProblemDetails()
    {
        var (status, type, body) = await HandleAsync(new UnknownEntityException("no such record"), "/api/records/r1", "application/json");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal("UnknownEntityException", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Fault_BrowserOnFormPage_HtmlErrorPageInWordsWithoutDetails()
    {
        var (status, type, body) = await HandleAsync(new InvalidOperationException(Secret), "/hospital/records/new", "text/html,application/xhtml+xml,*/*;q=0.8");

        Assert.Equal(500, status);
        Assert.Equal("text/html", type);
        Assert.Contains("Something went wrong on our side", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusal_BrowserOnApiRoute_StillProblemDetails()
    {
        var (status, type, _) = await HandleAsync(new UnknownEntityException("no such record"), "/api/records/r1", "text/html,*/*;q=0.8");

        Assert.Equal(404, status);
        Assert.Equal("application/problem+json", type);
    }

    /// <summary>Runs <see cref="ProblemMapping"/> with the app's ProblemDetails writers over a request; returns what it wrote.</summary>
    private static async Task<(int Status, string? MediaType, string Body)> HandleAsync(Exception exception, string path, string accept)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddProblemDetails();
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, HtmlErrorPage>());
        await using var provider = services.BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Request.Headers.Accept = accept;
        using var body = new MemoryStream();
        context.Response.Body = body;

        var mapping = new ProblemMapping(provider.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemMapping>.Instance);
        Assert.True(await mapping.TryHandleAsync(context, exception, TestContext.Current.CancellationToken));

        var type = context.Response.ContentType is { } t ? t.Split(';')[0] : null;
        return (context.Response.StatusCode, type, Encoding.UTF8.GetString(body.ToArray()));
    }
}
