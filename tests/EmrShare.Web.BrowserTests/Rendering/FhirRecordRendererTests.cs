using System.Text;
using EmrShare.Cli.Commands;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Rendering;

namespace EmrShare.Web.BrowserTests.Rendering;

/// <summary>The FHIR → view-model renderer the Hospital and Patient record pages lay out.</summary>
public sealed class FhirRecordRendererTests
{
    [Fact]
    public void Render_DemoBundle_ExtractsEveryClinicalSection()
    {
        var view = FhirRecordRenderer.Render(Encoding.UTF8.GetBytes(DemoWebSample.Json), FhirFormats.JsonContentType);

        Assert.Equal("Bundle", view.RootType);
        var patient = Assert.Single(view.Patients);
        Assert.Equal(("Alma Rivera", "female", "14 Mar 1979"), (patient.Name, patient.Gender, patient.BirthDate));
        Assert.Equal(["A-100234"], patient.Identifiers);
        var encounter = Assert.Single(view.Encounters);
        Assert.Equal(("Diabetes follow-up", "ambulatory", "finished"), (encounter.Type, encounter.Class, encounter.Status));
        var condition = Assert.Single(view.Conditions);
        Assert.Equal(("Type 2 diabetes mellitus without complications", "Active", "20 May 2024"), (condition.Code, condition.ClinicalStatus, condition.Onset));
        var observation = Assert.Single(view.Observations);
        Assert.Equal(("7.4 %", "4–5.6 %", "H"), (observation.Value, observation.ReferenceRange, observation.Interpretation));
        Assert.True(observation.Abnormal);
        var medication = Assert.Single(view.Medications);
        Assert.Equal(("Metformin 500 MG Oral Tablet", "1 tablet twice daily with meals", "active"), (medication.Medication, medication.Dosage, medication.Status));
        Assert.Empty(view.Others);
    }

    [Fact]
    public void Render_ReportAndUnknownTypes_ListsReportAndOthersByTypeAndId()
    {
        const string Json = """
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:5a2c1b0d-8e7f-4b0a-9c3d-6f708192a3b4","resource":{"resourceType":"DiagnosticReport","id":"r1","status":"final",
                "code":{"text":"Lipid panel"},"conclusion":"Within limits"}},
              {"fullUrl":"urn:uuid:6b3d2c1e-9f8a-4c1b-8d4e-708192a3b4c5","resource":{"resourceType":"Organization","id":"org-7","name":"Lab"}},
              {"fullUrl":"urn:uuid:7c4e3d2f-0a9b-4d2c-9e5f-8192a3b4c5d6","resource":{"resourceType":"Observation","status":"final",
                "code":{"text":"Smoker"},"valueBoolean":false,
                "interpretation":[{"coding":[{"code":"N"}]}]}}]}
            """;

        var view = FhirRecordRenderer.Render(Encoding.UTF8.GetBytes(Json), FhirFormats.JsonContentType);

        var report = Assert.Single(view.Reports);
        Assert.Equal(("Lipid panel", "final", "Within limits", 0), (report.Code, report.Status, report.Conclusion, report.ResultCount));
        var other = Assert.Single(view.Others);
        Assert.Equal(("Organization", "org-7"), (other.ResourceType, other.Id));
        var observation = Assert.Single(view.Observations);
        Assert.Equal("no", observation.Value);
        Assert.False(observation.Abnormal);
    }

    [Fact]
    public void Render_UcumQuantity_ShowsUnitCodeNotItsName()
    {
        const string Json = """
            {"resourceType":"Observation","status":"final","code":{"text":"Cholesterol"},
              "valueQuantity":{"value":196,"unit":"milligram per deciliter","system":"http://unitsofmeasure.org","code":"mg/dL"},
              "referenceRange":[{"high":{"value":200,"unit":"milligram per deciliter","system":"http://unitsofmeasure.org","code":"mg/dL"}}]}
            """;

        var observation = Assert.Single(FhirRecordRenderer.Render(Encoding.UTF8.GetBytes(Json), FhirFormats.JsonContentType).Observations);

        Assert.Equal(("196 mg/dL", "≤ 200 mg/dL"), (observation.Value, observation.ReferenceRange));
    }

    [Fact]
    public void Render_InvalidFhir_ThrowsValidationExceptionWithIssues()
    {
        var error = Assert.Throws<FhirValidationException>(() =>
            FhirRecordRenderer.Render("""{"resourceType":"Observation","id":"bad"}"""u8, FhirFormats.JsonContentType));

        Assert.NotEmpty(error.Issues);
    }

    [Fact]
    public void Render_NotFhirAtAll_ThrowsValidationException()
    {
        Assert.Throws<FhirValidationException>(() => FhirRecordRenderer.Render("MSH|^~\\&|not fhir"u8, FhirFormats.JsonContentType));
    }
}
