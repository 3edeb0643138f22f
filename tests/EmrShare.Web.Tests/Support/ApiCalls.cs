using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Api.Patient;

namespace EmrShare.Web.Tests.Support;

/// <summary>Common multi-step calls of the tests, made only through the HTTP API.</summary>
internal static class ApiCalls
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The patient visits a hospital through the wallet API; returns the visit result.</summary>
    public static async Task<VisitResult> VisitAsync(WebNetwork web, string hospital, CancellationToken ct)
    {
        var patient = web.Client(web.Patient, Role.Patient);
        using var response = await patient.PostAsJsonAsync("api/visits", new VisitRequest(hospital), ct);
        await ExpectAsync(response, HttpStatusCode.OK, ct);
        return (await response.Content.ReadFromJsonAsync<VisitResult>(Json, ct))!;
    }

    /// <summary>Visit A, the clinician creates the sample record, the wallet collects it; returns the record id.</summary>
    public static async Task<(string RecordId, string LocalId)> RecordAtAAsync(WebNetwork web, CancellationToken ct)
    {
        var visit = await VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var doc = web.Client(web.HospitalA, Role.Clinician);
        using var response = await doc.PostAsync($"api/patients/{visit.LocalPatientId}/records", Fhir(SampleRecords.HbA1cBundle()), ct);
        await ExpectAsync(response, HttpStatusCode.Created, ct);
        var written = (await response.Content.ReadFromJsonAsync<RecordWritten>(Json, ct))!;
        var collected = await VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        Assert.Contains(collected.Collected, e => e.RecordId == written.RecordId);
        return (written.RecordId, visit.LocalPatientId);
    }

    public static ByteArrayContent Fhir(byte[] content, string type = "application/fhir+json")
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);
        return body;
    }

    /// <summary>Asserts the status and, for errors, that the body is ProblemDetails; shows the body on failure.</summary>
    public static async Task<JsonElement?> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = response.Content is null ? string.Empty : await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status} but got {(int)response.StatusCode}: {body}");
        if ((int)status >= 400 && body.Length > 0)
        {
            Assert.Equal("application/problem+json", response.Content!.Headers.ContentType?.MediaType);
        }

        return body.Length == 0 ? null : JsonDocument.Parse(body).RootElement.Clone();
    }
}
