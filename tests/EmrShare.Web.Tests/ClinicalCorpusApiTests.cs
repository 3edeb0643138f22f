using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.TestSupport;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// Public clinical documents through the hospital API (issue 16): HL7's CCD_1.xml imported with its "not imported"
/// report in the response and its count on the stored record, and a real mCODE Bundle grown past 4 MiB stored
/// through the records route. Both are re-addressed to the chart's patient so the wrong-patient check passes.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ClinicalCorpusApiTests(WebNetwork web)
{
    [Fact]
    public async Task Import_HL7Ccd1_NotImportedSectionsListedAndCountedOnRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var ccd = (await File.ReadAllTextAsync(FhirSamples.Hl7Ccd1, ct))
            .Replace("<given>Isabella</given>", "<given>Johanna</given>", StringComparison.Ordinal)
            .Replace("<family>Jones</family>", "<family>Quellenberg</family>", StringComparison.Ordinal)
            .Replace("<birthTime value=\"19750501\"/>", "<birthTime value=\"19610412\"/>", StringComparison.Ordinal);
        using var body = new StringContent(ccd, Encoding.UTF8, "application/xml");
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=ccda", body, ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>(ApiCalls.Json, ct))!;
        Assert.Equal(32, result.NotImported.Count);
        Assert.Contains("MEDICAL EQUIPMENT (LOINC 46264-8, templateId 2.16.840.1.113883.10.20.22.2.23): 3 entries not imported", result.NotImported);

        var detail = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<RecordDetail>($"api/records/{result.RecordId}", ApiCalls.Json, ct);
        Assert.Contains("32 part(s) of the source not imported", detail!.Content, StringComparison.Ordinal);
        Assert.Equal(3, detail.Summary.ResourceCounts["AllergyIntolerance"]);
        Assert.Equal(1, detail.Summary.ResourceCounts["FamilyMemberHistory"]);
    }

    [Fact]
    public async Task CreateRecord_McodeBundleOver4MiB_StoredWhole()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var chartPatient = JsonNode.Parse(Nodes.Tests.Support.SampleRecords.HbA1cBundle())!["entry"]![0]!["resource"]!.AsObject();
        var (json, copies) = LargeClinicalBundle.Build(await File.ReadAllTextAsync(FhirSamples.McodeJennyBundle, ct), 4 * 1024 * 1024 + 1, chartPatient);
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 4 * 1024 * 1024);
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(bytes), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>(ApiCalls.Json, ct))!;

        var detail = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<RecordDetail>($"api/records/{(string?)created["recordId"]}", ApiCalls.Json, ct);
        Assert.Equal(bytes.Length, Encoding.UTF8.GetByteCount(detail!.Content));
        Assert.Equal(copies + 1, detail.Summary.ResourceCounts["Condition"]);
    }
}
