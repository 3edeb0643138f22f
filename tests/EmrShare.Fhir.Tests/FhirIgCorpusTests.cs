// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.TestSupport;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// FHIR example bundles from published implementation guides (issue 16 Tests), fetched at test time from the
/// package registry: mCODE (hl7.fhir.us.mcode 4.0.0) and the International Patient Summary (hl7.fhir.uv.ips
/// 2.0.0), plus a real clinical Bundle grown past 4 MiB. Each is accepted whole; FHIR input has nothing
/// "not imported". The clinical facts are pinned per bundle.
/// </summary>
public sealed class FhirIgCorpusTests
{
    private static readonly IEmrFormatAdapter Json = new FhirAdapter(FhirFormat.Json);

    private static (Bundle Bundle, AdapterResult Result) Import(string path)
    {
        var result = Json.ToFhirWithReport(File.ReadAllBytes(path));
        return ((Bundle)result.Resource, result);
    }

    private static List<T> All<T>(Bundle bundle) => [.. bundle.Entry.Select(e => e.Resource).OfType<T>()];

    private static string Code(CodeableConcept concept) => concept.Coding[0].Code;

    [Fact]
    public void Import_McodeJennyM_CancerConditionStagingMarkersAndTreatments()
    {
        var (bundle, result) = Import(FhirSamples.McodeJennyBundle);
        Assert.Empty(result.NotImported);
        var condition = Assert.Single(All<Condition>(bundle));
        Assert.Equal(("353431000119107", "remission"), (Code(condition.Code), condition.ClinicalStatus.Coding[0].Code));
        Assert.Equal(["3002", "3639", "56946", "84857"], All<MedicationRequest>(bundle).Select(m => Code((CodeableConcept)m.Medication)));
        Assert.Equal(["64368001", "1217123003", "723990008", "71651007"], All<Procedure>(bundle).Select(p => Code(p.Code)));

        var observations = All<Observation>(bundle);
        Assert.Equal(22, observations.Count);
        Assert.Equal("1222769001", Code((CodeableConcept)observations.Single(o => Code(o.Code) == "399537006").Value));
        Assert.Equal("LA6576-8", Code((CodeableConcept)observations.Single(o => Code(o.Code) == "85337-4").Value));
        var weight = (Quantity)observations.Single(o => Code(o.Code) == "29463-7").Value;
        Assert.Equal((155m, "[lb_av]", "http://unitsofmeasure.org"), (weight.Value!.Value, weight.Code, weight.System));
        Assert.Equal(2, All<FamilyMemberHistory>(bundle).Count);
    }

    [Fact]
    public void Import_McodeGenomicsBundle_VariantsAcceptedWithServiceRequest()
    {
        var (bundle, result) = Import(Path.Combine(SampleData.McodeExamples, "Bundle-gx-genomic-bundle-adam-anyperson.json"));
        Assert.Empty(result.NotImported);
        Assert.Equal(19, All<Observation>(bundle).Count);
        Assert.Single(All<ServiceRequest>(bundle));
        Assert.Single(All<DiagnosticReport>(bundle));
    }

    [Fact]
    public void Import_IpsAllSections_AllergyMedicationsImmunizationsProcedure()
    {
        var (bundle, result) = Import(Path.Combine(SampleData.IpsExamples, "Bundle-bundle-ips-all-sections.json"));
        Assert.Empty(result.NotImported);
        var allergy = Assert.Single(All<AllergyIntolerance>(bundle));
        Assert.Equal(("764146007", "active"), (Code(allergy.Code), allergy.ClinicalStatus.Coding[0].Code));
        Assert.Equal(["318913001", "108575001", "C05AA08"], All<MedicationStatement>(bundle).Select(m => Code((CodeableConcept)m.Medication)));
        Assert.Equal(["141", "300", "141", "208", "121", "208", "208", "208"], All<Immunization>(bundle).Select(i => Code(i.VaccineCode)));
        Assert.Equal("52734007", Code(Assert.Single(All<Procedure>(bundle)).Code));
        Assert.Equal(["59621000", "90560007", "82971005", "386661006"], All<Condition>(bundle).Select(c => Code(c.Code)));
    }

    [Fact]
    public void ParseRecord_McodeBundleGrownPast4MiB_AcceptedWithEveryCopy()
    {
        var (json, copies) = LargeClinicalBundle.Build(File.ReadAllText(FhirSamples.McodeJennyBundle), 4 * 1024 * 1024 + 1);
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.True(bytes.Length > 4 * 1024 * 1024);
        Assert.True(copies >= 30, $"only {copies} copies");

        var record = FhirCodec.Clinical.ParseRecord(bytes, FhirFormats.JsonContentType);
        Assert.Equal(1, record.Summary.ResourceCounts["Patient"]);
        Assert.Equal(21 * (copies + 1) + 1, record.Summary.ResourceCounts["Observation"]);
        Assert.Equal(copies + 1, record.Summary.ResourceCounts["Condition"]);
        var bundle = (Bundle)record.Resource;
        Assert.Equal(bundle.Entry.Count, bundle.Entry.Select(e => e.FullUrl).Distinct().Count());
        Assert.All(All<Observation>(bundle), o => Assert.Equal("Patient/" + LargeClinicalBundle.PatientId, o.Subject.Reference));
    }
}
