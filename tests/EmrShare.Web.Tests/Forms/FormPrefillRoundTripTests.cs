using System.Text;
using EmrShare.Fhir.Codec;
using EmrShare.Web.Forms;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EmrShare.Web.Tests.Forms;

/// <summary>
/// A form amendment rebuilds the record from the form's fields only, so the form is offered only for a record it
/// represents exactly; a record holding more (a second Condition, coding, note, reaction, an unmapped field) is refused
/// with the reason in words, and is amended through its FHIR source instead of silently losing data.
/// </summary>
public sealed class FormPrefillRoundTripTests
{
    private static readonly TimeProvider Clock = TimeProvider.System;

    public static TheoryData<string, Dictionary<string, string>> Forms => new()
    {
        { VitalsForm.Name, new() { ["systolic"] = "142", ["diastolic"] = "91", ["heartRate"] = "88", ["weight"] = "80", ["height"] = "180", ["effective"] = "2026-12-01" } },
        { ClinicalEntryForms.Diagnosis, new() { ["diagnosisCode"] = ClinicalCodeList.Default.Entries[0].Key, ["clinicalStatus"] = "remission", ["onset"] = "2020-05-01", ["diagnosisNote"] = "stable" } },
        { ClinicalEntryForms.Medication, new() { ["medication"] = "Metformin 500 mg", ["dosage"] = "1 tablet twice daily", ["medicationStatus"] = "on-hold", ["medicationStart"] = "2026-01-02" } },
        { ClinicalEntryForms.Allergy, new() { ["substance"] = "Penicillin", ["reaction"] = "Anaphylaxis, Urticaria", ["criticality"] = "high", ["reactionSeverity"] = "severe", ["allergyCategory"] = "medication" } },
        { ClinicalEntryForms.Allergy, new() { ["noKnownAllergies"] = "on" } },
        { ClinicalEntryForms.Note, new() { ["noteTitle"] = "Follow-up", ["noteText"] = "Feels better.\nNo fever." } },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Unrepresentable_RecordWrittenByFormThenAmended_Null(string form, Dictionary<string, string> fields)
    {
        var written = Write(form, fields);
        var amended = Amendment.WithReason(written, FhirFormats.JsonContentType, "typo", "0x01", Clock.GetUtcNow());

        Assert.Null(Refusal(written));
        Assert.Null(Refusal(amended));
    }

    [Fact]
    public void Unrepresentable_SecondConditionAddedByRawAmend_NamesTheSecondCondition()
    {
        var bundle = Diagnosis();
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = "urn:uuid:" + Guid.NewGuid().ToString("D"), Resource = (Resource)Entry<Condition>(bundle, 0).DeepCopy() });

        Assert.Contains("2 Condition entries (the form shows one)", Refusal(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Unrepresentable_SecondCoding_NamesTheCodings()
    {
        var bundle = Diagnosis();
        Assert.IsType<CodeableConcept>(Entry<Condition>(bundle, 0).Code).Coding.Add(new Coding("http://hl7.org/fhir/sid/icd-10", "E11.9"));

        Assert.Contains("2 codings of the diagnosis", Refusal(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Unrepresentable_SecondNote_NamesTheNotes()
    {
        var bundle = Diagnosis();
        Entry<Condition>(bundle, 0).Note.Add(new Annotation { Text = new Markdown("second opinion") });

        Assert.Contains("2 notes", Refusal(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Unrepresentable_SecondReaction_NamesTheReactions()
    {
        var bundle = Parse(Write(ClinicalEntryForms.Allergy, new() { ["substance"] = "Penicillin", ["reaction"] = "Rash" }));
        Entry<AllergyIntolerance>(bundle, 0).Reaction.Add(new AllergyIntolerance.ReactionComponent { Manifestation = [new CodeableConcept { Text = "Wheeze" }] });

        Assert.Contains("2 reactions", Refusal(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Unrepresentable_VitalsFromTwoDates_NamesTheDates()
    {
        var bundle = Parse(Write(VitalsForm.Name, new() { ["heartRate"] = "88", ["temperature"] = "37.2", ["effective"] = "2026-12-01" }));
        Entry<Observation>(bundle, 1).Effective = new FhirDateTime("2026-11-30");

        Assert.Contains("2 dates of measurement", Refusal(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Unrepresentable_FieldTheFormHasNoPlaceFor_SaysSo()
    {
        var bundle = Diagnosis();
        Entry<Condition>(bundle, 0).BodySite.Add(new CodeableConcept { Text = "left knee" });

        var refusal = Refusal(bundle);

        Assert.Contains("details the form has no field for", refusal, StringComparison.Ordinal);
        Assert.Contains("Amend it through the FHIR source", refusal, StringComparison.Ordinal);
    }

    private static byte[] Write(string form, Dictionary<string, string> fields) =>
        ClinicalEntryForms.Build(form, new ClinicalForm("A-000001", Clock), n => fields.GetValueOrDefault(n), ClinicalCodeList.Default);

    private static Bundle Diagnosis() => Parse(Write(ClinicalEntryForms.Diagnosis, new() { ["diagnosisCode"] = ClinicalCodeList.Default.Entries[0].Key, ["diagnosisNote"] = "stable" }));

    private static T Entry<T>(Bundle bundle, int index)
        where T : Resource => Assert.IsType<T>(bundle.Entry[index].Resource);

    private static Bundle Parse(byte[] content) => (Bundle)FhirCodec.Clinical.ParseRecord(content, FhirFormats.JsonContentType).Resource;

    private static string? Refusal(Bundle bundle) => Refusal(Encoding.UTF8.GetBytes(new FhirJsonSerializer().SerializeToString(bundle)));

    /// <summary>The page's decision: the record still prefills (a form wrote it), and the refusal says why the form is not offered.</summary>
    private static string? Refusal(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        var prefill = FormPrefill.From(text, FhirFormats.JsonContentType);
        Assert.NotNull(prefill);
        return FormPrefill.Unrepresentable(text, FhirFormats.JsonContentType, prefill.Value, Clock);
    }
}
