using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.ServiceDefaults;
using EmrShare.TestSupport;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace EmrShare.Web.Tests;

/// <summary>
/// Issue 16 item 4: records over 4 MiB through the API. A deployment's server-wide body limit
/// (<c>Host:MaxRequestBodyBytes</c>, 4 MiB) stays on every route; only the record and import routes raise it, to
/// <c>Host:MaxRecordBodyBytes</c> (64 MiB by default). The web network runs real Kestrel with those defaults.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class RecordBodyLimitTests(WebNetwork web)
{
    private const int FiveMiB = 5 * 1024 * 1024;

    [Fact]
    public void Read_DeploymentDefaults_RecordLimit64MiBServerLimit4MiB()
    {
        var options = ServiceOptionsReader.Read(Config(new Dictionary<string, string?>()));
        Assert.Equal((4L * 1024 * 1024, 64L * 1024 * 1024), (options.MaxRequestBodyBytes, options.MaxRecordBodyBytes));
        Assert.Equal(100_000_000L, ServiceOptionsReader.Read(Config(new() { ["Host:MaxRecordBodyBytes"] = "100000000" })).MaxRecordBodyBytes);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("64MiB")]
    public void Read_BadRecordLimit_NamesItsKey(string value) =>
        Assert.Equal("Host:MaxRecordBodyBytes", Assert.Throws<ServiceConfigurationException>(() => ServiceOptionsReader.Read(Config(new() { ["Host:MaxRecordBodyBytes"] = value }))).Key);

    [Fact]
    public async Task AccessRequest_JsonBodyOver4MiB_Refused413ProblemDetails()
    {
        var ct = TestContext.Current.CancellationToken;
        var padding = new string('x', FiveMiB);
        using var body = new StringContent($$"""{"recordId":"{{padding}}"}""", Encoding.UTF8, "application/json");
        // Expect: 100-continue lets the server refuse on the stated length before the client sends 5 MiB into a closed connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/access-requests") { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await web.Client(web.HospitalA, Role.Clinician).SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Demographics_PatientOver4MiB_Refused413()
    {
        // One Patient resource: the server-wide 4 MiB limit, not the 64 MiB record limit.
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var padding = new string('x', FiveMiB);
        using var body = new StringContent($$"""{"resourceType":"Patient","id":"{{padding}}"}""", Encoding.UTF8, "application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/patients/{visit.LocalPatientId}/demographics") { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await web.Client(web.HospitalA, Role.Clinician).SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Import_ChunkedFhirBundleOver4MiB_StoredAndReadable()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var chartPatient = JsonNode.Parse(Nodes.Tests.Support.SampleRecords.HbA1cBundle())!["entry"]![0]!["resource"]!.AsObject();
        var (json, copies) = LargeClinicalBundle.Build(await File.ReadAllTextAsync(FhirSamples.McodeJennyBundle, ct), FiveMiB, chartPatient);
        var bytes = Encoding.UTF8.GetBytes(json);

        // No Content-Length: sent chunked, so the reader's growing path and the raised server limit both carry it.
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{visit.LocalPatientId}/imports?format=fhir%2Bjson") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await web.Client(web.HospitalA, Role.Clinician).SendAsync(request, ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>(ApiCalls.Json, ct))!;

        var detail = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<RecordDetail>($"api/records/{result.RecordId}", ApiCalls.Json, ct);
        Assert.Equal(bytes.Length, Encoding.UTF8.GetByteCount(detail!.Content));
        Assert.Equal(copies + 1, detail.Summary.ResourceCounts["Condition"]);
    }

    private static IConfiguration Config(Dictionary<string, string?> values)
    {
        values["Host:DataFolder"] = Path.GetTempPath();
        values["Host:Listen:0"] = "http://127.0.0.1:0";
        values["Host:InsecureHttp"] = "true";
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
