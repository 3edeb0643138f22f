using System.Net;
using System.Net.Http.Json;
using System.Text;
using EmrShare.Web.Api.Hospital;
using EmrShare.Web.Tests.Support;

namespace EmrShare.Web.Tests;

/// <summary>
/// The import route (issue 16 items 1, 3, 4, 5): HL7 batches and MLLP frames give one record per message, what was
/// not mapped is reported, CSV is reachable with the hospital's mapping, and a record over 4 MiB goes through.
/// All documents are about the chart's patient (SampleRecords' Johanna Quellenberg) so the wrong-patient check passes.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ImportApiTests(WebNetwork web)
{
    private static string Adt(string control) =>
        $"MSH|^~\\&|ADT1|A|||20240301||ADT^A01|{control}|P|2.5\rEVN|A01|20240301\rPID|1||Q-1^^^A^MR||QUELLENBERG^JOHANNA||19610412|F\r" +
        "NK1|1|QUELLENBERG^HANS|SPO\rPV1|1|I\rAL1|1|DA|70618^Penicillin^RXNORM|SV|Hives\r";

    [Fact]
    public async Task Import_Hl7BatchWithEnvelope_OneRecordPerMessageAndNotImportedListed()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var batch = "FHS|^~\\&|ADT1|A\rBHS|^~\\&|ADT1|A\r" + Adt("B1") + Adt("B2") + "BTS|2\rFTS|1\r";
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", new StringContent(batch), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>(ApiCalls.Json, ct))!;
        Assert.Equal(2, result.Records.Count);
        Assert.Equal(["message 1: EVN (segment 2)", "message 1: NK1 (segment 4)", "message 2: EVN (segment 2)", "message 2: NK1 (segment 4)"], result.NotImported);

        var detail = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<RecordDetail>($"api/records/{result.Records[1].RecordId}", ApiCalls.Json, ct);
        Assert.Contains("AllergyIntolerance", detail!.Content, StringComparison.Ordinal);
        Assert.Contains("not-imported", detail.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MllpFramedMessage_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var framed = new byte[] { 0x0B }.Concat(Encoding.UTF8.GetBytes(Adt("M1"))).Concat(new byte[] { 0x1C, 0x0D }).ToArray();
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=hl7v2", Framed(framed), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        Assert.Single((await response.Content.ReadFromJsonAsync<ImportResult>(ApiCalls.Json, ct))!.Records);
    }

    [Fact]
    public async Task Import_CsvWithTheHospitalsMapping_CreatesRecord()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        const string csv = "REC,MRN,SURNAME,FORENAME,DOB,SEX,CODE,TEXT,DATE,VALUE,UNIT,RANGE\n" +
            "PT,4471,Quellenberg,Johanna,12/04/1961,W,,,,,,\n" +
            "LAB,4471,,,,,4548-4,Hemoglobin A1c,14/05/2024 08:30,7.2,%,4.0-6.0\n";
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/imports?format=csv", new StringContent(csv), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
        var result = (await response.Content.ReadFromJsonAsync<ImportResult>(ApiCalls.Json, ct))!;
        var detail = await web.Client(web.HospitalA, Role.Clinician).GetFromJsonAsync<RecordDetail>($"api/records/{result.RecordId}", ApiCalls.Json, ct);
        Assert.Contains("4548-4", detail!.Summary.Lines.Select(l => l.Code));
    }

    [Fact]
    public async Task CreateRecord_BundleOver4MiB_Accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var visit = await ApiCalls.VisitAsync(web, web.Nodes.A.Address.ToString(), ct);
        var pdf = Convert.ToBase64String(new byte[4 * 1024 * 1024]);
        var sample = Encoding.UTF8.GetString(Nodes.Tests.Support.SampleRecords.HbA1cBundle()).TrimEnd();
        var bundle = sample[..sample.LastIndexOf("]}", StringComparison.Ordinal)] +
            ",{\"fullUrl\":\"urn:uuid:9c4d5e6f-7081-4293-8d4e-5f6071829304\",\"resource\":{\"resourceType\":\"DocumentReference\",\"status\":\"current\"," +
            "\"content\":[{\"attachment\":{\"contentType\":\"application/pdf\",\"data\":\"" + pdf + "\"}}]}}]}";
        Assert.True(bundle.Length > 4 * 1024 * 1024);
        using var response = await web.Client(web.HospitalA, Role.Clinician).PostAsync($"api/patients/{visit.LocalPatientId}/records", ApiCalls.Fhir(Encoding.UTF8.GetBytes(bundle)), ct);
        await ApiCalls.ExpectAsync(response, HttpStatusCode.Created, ct);
    }

    // MLLP frames are bytes (0x0B … 0x1C 0x0D), sent as such; a body without a declared content type is refused 415.
    private static ByteArrayContent Framed(byte[] framed)
    {
        var content = new ByteArrayContent(framed);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
