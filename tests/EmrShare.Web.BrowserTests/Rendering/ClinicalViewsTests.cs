using System.Text;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Rendering;

namespace EmrShare.Web.BrowserTests.Rendering;

/// <summary>Allergies, reports with their results, documents, the list-like resources, units and dates (issue 16 #8).</summary>
public sealed class ClinicalViewsTests
{
    private static RecordView Render(string json) => FhirRecordRenderer.Render(Encoding.UTF8.GetBytes(json), FhirFormats.JsonContentType);

    private static string Bundle(params string[] resources) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + string.Join(',', resources.Select((r, i) =>
            $"{{\"fullUrl\":\"urn:uuid:00000000-0000-4000-8000-{i:D12}\",\"resource\":{r}}}")) + "]}";

    [Fact]
    public void Render_HighCriticalityPenicillinAllergy_ShowsSubstanceReactionAndCriticality()
    {
        var view = Render("""
            {"resourceType":"AllergyIntolerance","id":"a1",
             "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical","code":"active"}]},
             "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification","code":"confirmed"}]},
             "category":["medication"],"criticality":"high",
             "code":{"coding":[{"system":"http://snomed.info/sct","code":"764146007","display":"Penicillin"}]},
             "patient":{"reference":"Patient/p1"},
             "reaction":[{"manifestation":[{"coding":[{"system":"http://snomed.info/sct","code":"39579001","display":"Anaphylaxis"}]}],"severity":"severe"}]}
            """);

        var allergy = Assert.Single(view.Allergies);
        Assert.Equal(("Penicillin", "high", "medication", false), (allergy.Substance, allergy.Criticality, allergy.Category, allergy.NoKnownAllergy));
        Assert.True(allergy.HighCriticality);
        Assert.Equal(["Anaphylaxis (severe)"], allergy.Reactions);
        Assert.Empty(view.Others);
    }

    [Fact]
    public void Render_NoKnownAllergyCode_IsMarkedAsRecordedNoKnownAllergy()
    {
        var view = Render("""
            {"resourceType":"AllergyIntolerance","code":{"coding":[{"system":"http://snomed.info/sct","code":"716186003","display":"No known allergy"}]},
             "patient":{"reference":"Patient/p1"}}
            """);

        Assert.True(Assert.Single(view.Allergies).NoKnownAllergy);
    }

    [Fact]
    public void Render_ReportWithResults_GroupsResultsUnderTheReportOnly()
    {
        var view = Render(Bundle(
            """{"resourceType":"DiagnosticReport","id":"r1","status":"final","code":{"text":"Lipid panel"},"issued":"2024-05-20T09:15:00Z","result":[{"reference":"Observation/o1"},{"reference":"urn:uuid:00000000-0000-4000-8000-000000000002"}]}""",
            """{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"Cholesterol"},"valueQuantity":{"value":196,"system":"http://unitsofmeasure.org","code":"mg/dL"}}""",
            """{"resourceType":"Observation","status":"final","code":{"text":"HDL"},"valueQuantity":{"value":52,"system":"http://unitsofmeasure.org","code":"mg/dL"}}""",
            """{"resourceType":"Observation","status":"final","code":{"text":"Body temperature"},"valueQuantity":{"value":37.2,"system":"http://unitsofmeasure.org","code":"Cel"}}"""));

        var report = Assert.Single(view.Reports);
        Assert.Equal(("Lipid panel", "20 May 2024, 09:15", 2), (report.Code, report.Issued, report.ResultCount));
        Assert.Equal(["196 mg/dL", "52 mg/dL"], report.Results.Select(r => r.Value));
        Assert.Equal("37.2 °C", Assert.Single(view.Observations).Value);
    }

    [Theory]
    [InlineData("mm[Hg]", "mmHg")]
    [InlineData("Cel", "°C")]
    [InlineData("/min", "/min")]
    [InlineData("{beats}/min", "/min")]
    [InlineData("%", "%")]
    [InlineData("kg/m2", "kg/m²")]
    [InlineData("10*9/L", "×10⁹/L")]
    [InlineData("[in_i]", "in")]
    [InlineData("mg{total}/dL", "mg/dL")]
    public void UcumDisplay_Code_ReadsAsPeopleWriteIt(string code, string expected) => Assert.Equal(expected, UcumDisplay.Of(code));

    [Theory]
    [InlineData("2024", "2024")]
    [InlineData("2024-05", "May 2024")]
    [InlineData("2024-05-20", "20 May 2024")]
    [InlineData("2024-05-20T10:30:00+02:00", "20 May 2024, 10:30")]
    [InlineData("not a date", "not a date")]
    public void FhirDates_Value_IsReadable(string value, string expected) => Assert.Equal(expected, FhirDates.Readable(value));

    [Fact]
    public void Render_BloodPressurePanel_ShowsComponentsInMmHg()
    {
        var view = Render("""
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9","display":"Blood pressure panel"}]},
             "effectiveDateTime":"2024-05-20","component":[
               {"code":{"text":"Systolic"},"valueQuantity":{"value":142,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}},
               {"code":{"text":"Diastolic"},"valueQuantity":{"value":91,"system":"http://unitsofmeasure.org","code":"mm[Hg]"}}]}
            """);

        var observation = Assert.Single(view.Observations);
        Assert.Equal(("Systolic 142 mmHg; Diastolic 91 mmHg", "20 May 2024"), (observation.Value, observation.Effective));
    }

    [Fact]
    public void Render_DocumentReference_ShowsTextAttachmentAndOffersOthersAsDownload()
    {
        var note = Convert.ToBase64String("Patient reports chest pain on exertion."u8.ToArray());
        var pdf = Convert.ToBase64String([0x25, 0x50, 0x44, 0x46, 0x2d]);
        var view = Render($$$"""
            {"resourceType":"DocumentReference","status":"current","type":{"text":"Progress note"},"date":"2024-05-20T10:00:00Z",
             "content":[{"attachment":{"contentType":"text/plain","data":"{{{note}}}"}},
                        {"attachment":{"contentType":"application/pdf","data":"{{{pdf}}}","title":"scan.pdf"}},
                        {"attachment":{"contentType":"image/png","url":"https://pacs.example.org/i/1","size":2048}}]}
            """);

        var document = Assert.Single(view.Documents);
        Assert.Equal(("Progress note", "current", "20 May 2024, 10:00"), (document.Title, document.Status, document.Date));
        Assert.Equal("Patient reports chest pain on exertion.", document.Attachments[0].Text);
        Assert.Equal(("scan.pdf", "application/pdf", 5L), (document.Attachments[1].Title, document.Attachments[1].ContentType, document.Attachments[1].Size));
        Assert.StartsWith("data:application/pdf;base64,", document.Attachments[1].DataUri, StringComparison.Ordinal);
        Assert.Equal(("https://pacs.example.org/i/1", 2048L), (document.Attachments[2].Url, document.Attachments[2].Size));
    }

    [Fact]
    public void Render_ListLikeResources_AreReadableItemsNotOthers()
    {
        var view = Render(Bundle(
            """{"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"Influenza vaccine"},"patient":{"reference":"Patient/p1"},"occurrenceDateTime":"2023-10-02","lotNumber":"AB12"}""",
            """{"resourceType":"Procedure","status":"completed","code":{"text":"Appendectomy"},"subject":{"reference":"Patient/p1"},"performedDateTime":"2010-06"}""",
            """{"resourceType":"CarePlan","status":"active","intent":"plan","title":"Diabetes plan","subject":{"reference":"Patient/p1"},"activity":[{"detail":{"status":"scheduled","description":"HbA1c every 3 months"}}]}""",
            """{"resourceType":"FamilyMemberHistory","status":"completed","patient":{"reference":"Patient/p1"},"relationship":{"text":"Mother"},"condition":[{"code":{"text":"Breast cancer"},"onsetAge":{"value":52,"system":"http://unitsofmeasure.org","code":"a"}}]}""",
            """{"resourceType":"ServiceRequest","status":"active","intent":"order","code":{"text":"Chest X-ray"},"subject":{"reference":"Patient/p1"},"priority":"urgent"}"""));

        Assert.Empty(view.Others);
        Assert.Equal(["Immunization", "Procedure", "Care plan", "Family history", "Order"], view.Items.Select(i => i.Kind));
        Assert.Equal(("Influenza vaccine", "completed", "2 Oct 2023"), (view.Items[0].Title, view.Items[0].Status, view.Items[0].When));
        Assert.Contains("lot: AB12", view.Items[0].Details);
        Assert.Equal(("Appendectomy", "Jun 2010"), (view.Items[1].Title, view.Items[1].When));
        Assert.Contains("HbA1c every 3 months", view.Items[2].Details);
        Assert.Equal("Mother", view.Items[3].Title);
        Assert.Contains("Breast cancer (onset at age 52 years)", view.Items[3].Details);
        Assert.Equal(("Chest X-ray", "active"), (view.Items[4].Title, view.Items[4].Status));
        Assert.Contains("priority: urgent", view.Items[4].Details);
    }
}
