using EmrShare.Fhir.Adapters;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Social History, Family History and Functional Status of HL7's public C-CDA and CCD samples (issue 16 item 2):
/// smoking status and social observations, family members with their conditions, ages at onset and cause of death,
/// functional results and problems; a malformed entry of these sections is reported, not a reason to refuse.
/// </summary>
public sealed class CdaHistoryCorpusTests
{
    private static AdapterResult Import(string relative) =>
        new CdaAdapter().ToFhirWithReport(File.ReadAllBytes(Path.Combine(SampleData.BlueButtonFixtures, relative)));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    private static List<Observation> InCategory(AdapterResult r, string category) =>
        [.. All<Observation>(r).Where(o => o.Category.Any(c => c.Coding.Any(x => x.Code == category)))];

    [Fact]
    public void ToFhir_HL7Ccd1SocialHistory_SmokingStatusUnderLoincAndTobaccoAlcoholObservations()
    {
        var social = InCategory(Import("parser-ccda/CCD_1.xml"), "social-history");
        Assert.Equal(["72166-2", "229819007", "229819007", "160573003"], social.Select(o => o.Code!.Coding[0].Code));
        var smoking = social[0];
        Assert.Equal(("http://loinc.org", "8517006"), (smoking.Code!.Coding[0].System, ((CodeableConcept)smoking.Value!).Coding[0].Code));
        Assert.Equal(("2005-05-01", "2009-02-27T13:00:00+05:00"), (((Period)smoking.Effective!).Start, ((Period)smoking.Effective!).End));
        Assert.Equal(["1 pack per day", "None", "None"], social.Skip(1).Select(o => ((FhirString)o.Value!).Value));
        Assert.Equal("2005-05-01", ((FhirDateTime)social[3].Effective!).Value);
    }

    [Fact]
    public void ToFhir_HL7Ccd1FamilyHistory_FatherWithAgesAtOnsetAndCauseOfDeath()
    {
        var father = Assert.Single(All<FamilyMemberHistory>(Import("parser-ccda/CCD_1.xml")));
        Assert.Equal([("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "FTH"), ("http://snomed.info/sct", "9947008")], father.Relationship!.Coding.Select(c => (c.System, c.Code)));
        Assert.Equal(("male", "1910", true), (father.Sex!.Coding[0].Code, ((Date)father.Born!).Value, ((FhirBoolean)father.Deceased!).Value));
        Assert.Equal(["22298006", "44054006"], father.Condition.Select(c => c.Code!.Coding[0].Code));
        var infarction = father.Condition[0];
        Assert.Equal((57m, "a", true), (((Age)infarction.Onset!).Value!.Value, ((Age)infarction.Onset!).Code, infarction.ContributedToDeath));
        Assert.Equal("onset date 1967", infarction.Note.Single().Text);
        Assert.Equal((40m, (bool?)null), (((Age)father.Condition[1].Onset!).Value!.Value, father.Condition[1].ContributedToDeath));
    }

    [Fact]
    public void ToFhir_HL7CcdRelease1FamilyAndSocialHistory_ParentsAndUnitlessAgesKeptAsText()
    {
        var result = Import("parser-ccd/SampleCCDDocument.xml");
        var family = All<FamilyMemberHistory>(result);
        Assert.Equal(["9947008", "65656005"], family.Select(f => f.Relationship!.Coding[0].Code));
        Assert.Equal([("22298006", true), ("59621000", false)], family[0].Condition.Select(c => (c.Code!.Coding[0].Code, c.ContributedToDeath == true)));
        // CCD 1.0's Age observation is a bare INT: no unit is invented.
        Assert.Equal("age 57 (unit not stated)", ((FhirString)family[0].Condition[0].Onset!).Value);
        Assert.Null(family[1].Deceased);
        var social = InCategory(result, "social-history");
        Assert.Equal([("230056004", "1 pack per day"), ("230056004", "None"), ("160573003", "None")], social.Select(o => (o.Code!.Coding[0].Code, ((FhirString)o.Value!).Value)));
        Assert.Equal(("1947", "1972"), (((Period)social[0].Effective!).Start, ((Period)social[0].Effective!).End));
    }

    [Fact]
    public void ToFhir_HL7Ccd1FunctionalStatus_ResultOrganizersProblemsAndCognitiveFinding()
    {
        var result = Import("parser-ccda/CCD_1.xml");
        var functional = InCategory(result, "functional-status");
        var ambulation = Assert.Single(functional);
        Assert.Equal(("57251-1", "371153006"), (ambulation.Code!.Coding[0].Code, ((CodeableConcept)ambulation.Value!).Coding[0].Code));
        var cognitive = Assert.Single(InCategory(result, "cognitive-status"));
        Assert.Equal("61372001", ((CodeableConcept)cognitive.Value!).Coding[0].Code);
        Assert.Contains(All<DiagnosticReport>(result), r => r.Code!.Coding[0].Code == "d5" && r.Result.Count == 1);
    }

    [Fact]
    public void ToFhir_FunctionalStatusEntryWithNineDigitDate_EntryReportedDocumentImported()
    {
        var result = Import("parser-ccda/CCD_SocialHistory_PQ_value.xml");
        Assert.Contains("FUNCTIONAL STATUS (LOINC 47420-5) entry 1: functional/entry[0]/observation[1]/effectiveTime: not an HL7 date/time (YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ])", result.NotImported);
        // Nothing of the reported entry was kept: no functional result observation, no report for its organizer.
        Assert.Empty(InCategory(result, "functional-status"));
        var drinks = Assert.Single(InCategory(result, "social-history"));
        Assert.Equal(("74013-4", 12m), (drinks.Code!.Coding[0].Code, ((Quantity)drinks.Value!).Value!.Value));
    }

    [Fact]
    public void ToFhir_CcdaNullFlavorSampleSocialHistory_AbsentValuesAsDataAbsentReason()
    {
        var social = InCategory(Import("parser-ccda/CCDA_NullFlavorSample_v1.xml"), "social-history");
        Assert.Equal(["unknown", "masked"], social.Select(o => o.DataAbsentReason!.Coding[0].Code));
        Assert.All(social, o => Assert.Null(o.Value));
    }
}
