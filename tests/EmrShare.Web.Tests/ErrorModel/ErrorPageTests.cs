using System.Net;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests.ErrorModel;

/// <summary>
/// Issue 16 item 13: a browser that asks a dashboard for an address that does not exist gets an error page in words,
/// not raw ProblemDetails JSON; API routes keep answering ProblemDetails. Real app, HTTP only (no browser).
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ErrorPageTests(WebNetwork web)
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task UnknownPage_BrowserAcceptsHtml_HtmlErrorPage()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await GetAsync(web.Client(web.HospitalA, Role.Clinician), "hospital/no-such-page", BrowserAccept, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Page not found", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"status\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownApiRoute_BrowserAcceptsHtml_ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await GetAsync(web.Client(web.HospitalA, Role.Clinician), "api/no-such-route", BrowserAccept, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string accept, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request, ct);
    }
}
