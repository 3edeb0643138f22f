using System.Text;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Forms;

namespace EmrShare.Web.BrowserTests.Forms;

/// <summary>
/// Amend through the structured forms (issue 16 #10): a record a form wrote reads back into the same form's fields,
/// also after an amendment added its reason (Provenance); a record no form wrote has no prefill.
/// </summary>
public sealed class FormPrefillTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public static TheoryData<string, Dictionary<string, string>> Forms => new()
    {
        { VitalsForm.Name, new() { ["systolic"] = "142", ["diastolic"] = "91", ["heartRate"] = "88", ["temperature"] = "37.9", ["weight"] = "80", ["effective"] = "2026-12-01" } },
        { ClinicalEntryForms.Diagnosis, new() { ["diagnosisCode"] = ClinicalCodeList.Default.Entries[0].Key, ["clinicalStatus"] = "remission", ["onset"] = "2020-05-01", ["diagnosisNote"] = "stable" } },
        { ClinicalEntryForms.Medication, new() { ["medication"] = "Metformin 500 mg", ["dosage"] = "1 tablet twice daily", ["medicationStatus"] = "on-hold", ["medicationStart"] = "2026-01-02" } },
        { ClinicalEntryForms.Allergy, new() { ["substance"] = "Penicillin", ["reaction"] = "Anaphylaxis, Urticaria", ["criticality"] = "high", ["reactionSeverity"] = "severe", ["allergyCategory"] = "medication" } },
        { ClinicalEntryForms.Allergy, new() { ["noKnownAllergies"] = "on" } },
        { ClinicalEntryForms.Note, new() { ["noteTitle"] = "Follow-up", ["noteText"] = "Feels better.\nNo fever." } },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void From_RecordWrittenByFormThenAmended_GivesBackTheSameFields(string form, Dictionary<string, string> fields)
    {
        var written = ClinicalEntryForms.Build(form, new ClinicalForm("A-000001", Clock), n => fields.GetValueOrDefault(n), ClinicalCodeList.Default);
        var amended = Amendment.WithReason(written, FhirFormats.JsonContentType, "typo", "0x01", Clock.GetUtcNow());

        foreach (var content in new[] { written, amended })
        {
            var prefill = FormPrefill.From(Encoding.UTF8.GetString(content), FhirFormats.JsonContentType);

            Assert.NotNull(prefill);
            Assert.Equal(form, prefill.Value.Form);
            Assert.Equal(fields.OrderBy(f => f.Key), prefill.Value.Fields.OrderBy(f => f.Key));
        }
    }

    [Fact]
    public void From_RecordNoFormWrote_Null() =>
        Assert.Null(FormPrefill.From("""{"resourceType":"Bundle","type":"collection","entry":[]}""", FhirFormats.JsonContentType));
}
