// FHIR POCOs are nullable throughout; the asserts below fail loudly on a missing element, which is the point.
#nullable disable
using EmrShare.Fhir.Codec;
using EmrShare.Web.Forms;
using EmrShare.Web.Rendering;
using EmrShare.Web.Services;
using Hl7.Fhir.Model;

namespace EmrShare.Web.BrowserTests.Forms;

/// <summary>Clinician forms → FHIR R4 that the project's validator accepts, with the right codes and units (issue 16 #10).</summary>
public sealed class ClinicalFormsTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));

    private static Bundle Build(string form, Dictionary<string, string> fields)
    {
        var bytes = ClinicalEntryForms.Build(form, new ClinicalForm("A-000001", Clock), n => fields.GetValueOrDefault(n), ClinicalCodeList.Default);
        // The project's own codec validates (structure and invariants); a form that produced invalid FHIR throws here.
        return Assert.IsType<Bundle>(FhirCodec.Clinical.ParseRecord(bytes, FhirFormats.JsonContentType).Resource);
    }

    [Fact]
    public void Build_Vitals_ProducesVitalSignsObservationsWithLoincAndUcum()
    {
        var bundle = Build(VitalsForm.Name, new()
        {
            ["systolic"] = "142", ["diastolic"] = "91", ["heartRate"] = "88", ["temperature"] = "37.9", ["respiratoryRate"] = "18",
            ["oxygenSaturation"] = "96", ["weight"] = "80", ["height"] = "180", ["effective"] = "2026-12-07",
        });

        var observations = bundle.Entry.Select(e => Assert.IsType<Observation>(e.Resource)).ToList();
        Assert.All(observations, o => Assert.Equal("vital-signs", o.Category.Single().Coding.Single().Code));
        var byCode = observations.ToDictionary(o => o.Code.Coding.Single().Code);
        Assert.Equal(["85354-9", "8867-4", "8310-5", "9279-1", "2708-6", "29463-7", "8302-2", "39156-5"], byCode.Keys);
        var bp = byCode["85354-9"];
        Assert.Equal([("8480-6", 142m, "mm[Hg]"), ("8462-4", 91m, "mm[Hg]")],
            bp.Component.Select(c => (c.Code.Coding.Single().Code, ((Quantity)c.Value).Value!.Value, ((Quantity)c.Value).Code)));
        Assert.Equal(("Cel", 37.9m), (((Quantity)byCode["8310-5"].Value).Code, ((Quantity)byCode["8310-5"].Value).Value!.Value));
        Assert.Equal(("kg/m2", 24.7m), (((Quantity)byCode["39156-5"].Value).Code, ((Quantity)byCode["39156-5"].Value).Value!.Value));
        Assert.All(observations, o => Assert.Equal("http://unitsofmeasure.org", ((Quantity)o.Value ?? (Quantity)o.Component[0].Value).System));
        Assert.Equal(VitalsForm.Name, bundle.Meta.Tag.Single().Code);

        var view = FhirRecordRenderer.Render(bundle);
        Assert.Contains(view.Observations, o => o.Value == "Systolic blood pressure 142 mmHg; Diastolic blood pressure 91 mmHg");
        Assert.Contains(view.Observations, o => o.Value == "37.9 °C");
    }

    [Theory]
    [InlineData("temperature", "375", "Body temperature must be between 25 and 45 °C")]
    [InlineData("heartRate", "fast", "Heart rate must be a number")]
    public void Build_VitalsOutOfRange_IsAFieldErrorInWords(string field, string value, string expected)
    {
        var error = Assert.Throws<RequestValidationException>(() => Build(VitalsForm.Name, new() { [field] = value }));

        Assert.Equal(expected, Assert.Single(error.Errors[field]));
    }

    [Fact]
    public void Build_VitalsWithOnlySystolic_AsksForDiastolic()
    {
        var error = Assert.Throws<RequestValidationException>(() => Build(VitalsForm.Name, new() { ["systolic"] = "120" }));

        Assert.Contains("diastolic", error.Errors.Keys);
    }

    [Fact]
    public void Build_Diagnosis_UsesThePickedCodeFromTheBundledList()
    {
        var entry = ClinicalCodeList.Default.Search("type 2 diabetes without").First(e => e.System == ClinicalCodeList.Icd10);

        var condition = Assert.IsType<Condition>(Build(ClinicalEntryForms.Diagnosis, new() { ["diagnosisCode"] = entry.Key, ["onset"] = "2024-05-20" }).Entry.Single().Resource);

        Assert.Equal(("http://hl7.org/fhir/sid/icd-10", "E11.9"), (condition.Code.Coding.Single().System, condition.Code.Coding.Single().Code));
        Assert.Equal("active", condition.ClinicalStatus.Coding.Single().Code);
        Assert.Equal("2024-05-20", ((FhirDateTime)condition.Onset).Value);
    }

    [Fact]
    public void Build_DiagnosisNotInList_IsRefused()
    {
        var error = Assert.Throws<RequestValidationException>(() => Build(ClinicalEntryForms.Diagnosis, new() { ["diagnosisCode"] = "http://x|nope" }));

        Assert.Contains("diagnosisCode", error.Errors.Keys);
    }

    [Fact]
    public void CodeList_Bundled_HasHundredsOfIcd10AndSnomedEntries()
    {
        var entries = ClinicalCodeList.Default.Entries;

        Assert.True(entries.Count >= 250, $"{entries.Count} entries");
        Assert.Contains(entries, e => e.System == ClinicalCodeList.Snomed && e.Code == "44054006");
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
    }

    [Fact]
    public void Build_Allergy_HasCriticalityReactionAndRendersInTheBanner()
    {
        var allergy = Assert.IsType<AllergyIntolerance>(Build(ClinicalEntryForms.Allergy, new()
        {
            ["substance"] = "Penicillin", ["reaction"] = "Anaphylaxis, Hives", ["criticality"] = "high", ["reactionSeverity"] = "severe", ["allergyCategory"] = "medication",
        }).Entry.Single().Resource);

        Assert.Equal(AllergyIntolerance.AllergyIntoleranceCriticality.High, allergy.Criticality);
        var view = Assert.Single(FhirRecordRenderer.Render(allergy).Allergies);
        Assert.Equal(("Penicillin", true), (view.Substance, view.HighCriticality));
        Assert.Equal(["Anaphylaxis, Hives (severe)"], view.Reactions);
    }

    [Fact]
    public void Build_NoKnownAllergies_RecordsTheSnomedStatement()
    {
        var allergy = Assert.IsType<AllergyIntolerance>(Build(ClinicalEntryForms.Allergy, new() { ["noKnownAllergies"] = "on" }).Entry.Single().Resource);

        Assert.Equal("716186003", allergy.Code.Coding.Single().Code);
        Assert.True(Assert.Single(FhirRecordRenderer.Render(allergy).Allergies).NoKnownAllergy);
    }

    [Fact]
    public void Build_MedicationAndNote_AreMedicationStatementAndTextDocument()
    {
        var statement = Assert.IsType<MedicationStatement>(Build(ClinicalEntryForms.Medication, new() { ["medication"] = "Metformin 500 mg tablet", ["dosage"] = "1 tablet twice daily" }).Entry.Single().Resource);
        Assert.Equal(("Metformin 500 mg tablet", "1 tablet twice daily"), (((CodeableConcept)statement.Medication).Text, statement.Dosage.Single().Text));

        var note = Assert.IsType<DocumentReference>(Build(ClinicalEntryForms.Note, new() { ["noteTitle"] = "Visit", ["noteText"] = "Chest pain on exertion." }).Entry.Single().Resource);
        Assert.Equal("Chest pain on exertion.", Assert.Single(FhirRecordRenderer.Render(note).Documents).Attachments.Single().Text);
    }

    [Theory]
    [InlineData("MSH|^~\\&|LAB|A|||20240101||ORU^R01|1|P|2.5", "HL7 v2")]
    [InlineData("<?xml version=\"1.0\"?><ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>", "C-CDA")]
    public void FormatSniffer_NativeDocumentAsFhirJson_SaysWhatItLooksLike(string content, string expected)
    {
        Assert.Contains(expected, FormatSniffer.Mismatch("application/fhir+json", System.Text.Encoding.UTF8.GetBytes(content)), StringComparison.Ordinal);
        Assert.Null(FormatSniffer.Mismatch("application/fhir+json", """{"resourceType":"Patient"}"""u8));
    }

    [Fact]
    public void Amendment_WithReason_AddsProvenanceAndTheDiffShowsTheChange()
    {
        var before = ClinicalEntryForms.Build(ClinicalEntryForms.Medication, new ClinicalForm("A-1", Clock), n => n == "medication" ? "Metformin 500 mg" : null, ClinicalCodeList.Default);
        var changed = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(before).Replace("Metformin 500 mg", "Metformin 1000 mg", StringComparison.Ordinal));

        var amended = Amendment.WithReason(changed, FhirFormats.JsonContentType, "dose increased after HbA1c 8.1 %", "0xabc", Clock.GetUtcNow());

        var after = FhirRecordRenderer.Render(amended, FhirFormats.JsonContentType);
        Assert.Equal("dose increased after HbA1c 8.1 %", after.Items.Single(i => i.Kind == "Change note").Title);
        var diff = RecordDiff.Between(FhirRecordRenderer.Render(before, FhirFormats.JsonContentType), after).Where(l => l.Change != ' ').ToList();
        Assert.Contains(diff, l => l.Change == '-' && l.Text.Contains("Metformin 500 mg", StringComparison.Ordinal));
        Assert.Contains(diff, l => l.Change == '+' && l.Text.Contains("Metformin 1000 mg", StringComparison.Ordinal));
        Assert.Throws<RequestValidationException>(() => Amendment.WithReason(changed, FhirFormats.JsonContentType, "  ", "0xabc", Clock.GetUtcNow()));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
