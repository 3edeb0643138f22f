// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Csv;
using EmrShare.Fhir.Records;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

public sealed class AdapterRegistryTests
{
    [Fact]
    public void CreateDefault_WithCsvMapping_AllFormatsRegistered()
    {
        var mapping = CsvMapping.FromJson(File.ReadAllText(Path.Combine(SampleData.CsvFolder, "legacy-general.mapping.json")));
        var registry = EmrAdapterRegistry.CreateDefault(csvMapping: mapping);
        Assert.Equal(["ccda", "csv", "fhir+json", "fhir+xml", "hl7v2"], registry.Formats.Order(StringComparer.Ordinal));
        Assert.False(registry.Get("csv").CanExport);
        Assert.Throws<NotSupportedException>(() => registry.Get("csv").FromFhir(new Patient()));
        Assert.Throws<KeyNotFoundException>(() => registry.Get("cda"));
    }

    [Fact]
    public void Hl7ToXmlAdapter_HospitalAHl7HospitalBXml_SameFacts()
    {
        var registry = EmrAdapterRegistry.CreateDefault();
        var atA = registry.Get("hl7v2").ToFhir(SampleData.Hl7("adt_a01.hl7"));
        var xml = registry.Get("fhir+xml").FromFhir(atA);
        Assert.StartsWith("<Bundle xmlns=\"http://hl7.org/fhir\"", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);
        var atB = registry.Get("fhir+xml").ToFhir(xml);
        Assert.True(atA.IsExactly(atB));
    }

    [Fact]
    public void Translate_Hl7ToFhirJsonToHl7_SameObservations()
    {
        var registry = EmrAdapterRegistry.CreateDefault();
        var json = registry.Translate(SampleData.Hl7("oru_r01.hl7"), "hl7v2", "fhir+json");
        Assert.StartsWith("{\"resourceType\":\"Bundle\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        var oru = registry.Translate(json, "fhir+json", "hl7v2");
        var before = ClinicalSummaryBuilder.Build(registry.Get("hl7v2").ToFhir(SampleData.Hl7("oru_r01.hl7"))).Entries.Where(e => e.Category == ClinicalCategory.Result);
        var after = ClinicalSummaryBuilder.Build(registry.Get("hl7v2").ToFhir(oru)).Entries.Where(e => e.Category == ClinicalCategory.Result);
        Assert.Equal(before, after);
    }

    [Fact]
    public void FhirJsonAdapter_InvalidInput_TypedError() =>
        Assert.Throws<FhirValidationException>(() => EmrAdapterRegistry.CreateDefault().Get("fhir+json").ToFhir("{\"resourceType\":\"Observation\"}"u8.ToArray()));

    [Fact]
    public void Render_OruSummary_GroupsReportsAndResultsWithUnitsAndDates()
    {
        var bundle = new Hl7V2Adapter().ToFhir(SampleData.Hl7("oru_r01.hl7"));
        var summary = ClinicalSummaryBuilder.Build(bundle);
        Assert.Equal(new Dictionary<string, int> { ["DiagnosticReport"] = 2, ["Observation"] = 6, ["Patient"] = 1 }, summary.ResourceCounts);
        Assert.Equal(("2009-03-03", "2009-03-03T14:26:00+10:00"), (summary.EarliestDate, summary.LatestDate));
        var text = ClinicalSummaryRenderer.Render(summary);
        Assert.Contains("Reports:\n  - 24331-1 Lipid panel - Serum or Plasma [LOINC] (2009-03-03T14:26:00+10:00)", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  - 13457-7 Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation [LOINC]: < 100 milligram per deciliter", text, StringComparison.Ordinal);
        Assert.Contains("  - 600-7 Bacteria identified in Blood by Culture [LOINC]: Staphylococcus aureus", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text.Replace("< 100", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AdtWithDiagnosis_DiagnosisSummaryKeepsIcd10()
    {
        var summary = ClinicalSummaryBuilder.Build(new Hl7V2Adapter().ToFhir(SampleData.Hl7("adt_a01.hl7")));
        var diagnosis = Assert.Single(summary.Diagnoses);
        Assert.Equal(new ClinicalCode(ClinicalCode.Icd10, "I10", "Essential (primary) hypertension"), diagnosis.Code);
        Assert.Contains("Diagnoses:\n  - I10 Essential (primary) hypertension [ICD-10] (1988-08-18T11:00:00+10:00)", ClinicalSummaryRenderer.Render(summary).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
