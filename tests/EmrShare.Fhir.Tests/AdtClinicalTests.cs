using System.Text;
using EmrShare.Fhir.Adapters;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>ADT clinical segments are mapped or reported, never dropped (issue 16 items 1 and 3).</summary>
public sealed class AdtClinicalTests
{
    private const string Adt =
        "MSH|^~\\&|ADT1|GOOD HEALTH HOSPITAL|GHH LAB|GHH|198808181126||ADT^A01^ADT_A01|MSG00001|P|2.5\r" +
        "EVN|A01|198808181123\r" +
        "PID|1||PATID1234^^^GHH^MR||EVERYMAN^ADAM^A||19610615|M\r" +
        "NK1|1|JONES^BARBARA^K|SPO\r" +
        "PV1|1|OP|2000^2012^01||||004777^ATTEND^AARON^A\r" +
        "OBX|1|NM|8867-4^Heart rate^LN||72|/min|60-100|\"\"|||F\r" +
        "NTE|1||Taken at rest\r" +
        "OBX|2|NM|29463-7^Body weight^LN||80|kg^kilogram|||||F\r" +
        "AL1|1|DA|70618^Penicillin^RXNORM|SV|Hives~Wheezing|20080101\r" +
        "DG1|1||I10^Essential hypertension^I10||20080101\r" +
        "PR1|1||0UT90ZZ^Resection of uterus^I10P||200801021000\r" +
        "IN1|1|PPO^Preferred provider|IC1|Acme Insurance||||||||20080101|20081231|||||||||||||||||||||||POL-77\r" +
        "GT1|1||EVERYMAN^ADAM\r";

    private static AdapterResult Convert() => new Hl7V2Adapter().ToFhirWithReport(Encoding.UTF8.GetBytes(Adt));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    [Fact]
    public void ToFhir_AdtWithAllergy_AllergyIntoleranceWithReactionsAndSeverity()
    {
        var allergy = Assert.Single(All<AllergyIntolerance>(Convert()));
        Assert.Equal("70618", allergy.Code!.Coding[0].Code);
        Assert.Equal("Penicillin", allergy.Code!.Coding[0].Display);
        Assert.Equal(AllergyIntolerance.AllergyIntoleranceCriticality.High, allergy.Criticality);
        Assert.Equal([AllergyIntolerance.AllergyIntoleranceCategory.Medication], allergy.Category.Select(c => c!.Value));
        Assert.Equal(["Hives", "Wheezing"], allergy.Reaction.Single().Manifestation.Select(m => m.Text));
        Assert.Equal(AllergyIntolerance.AllergyIntoleranceSeverity.Severe, allergy.Reaction.Single().Severity);
    }

    [Fact]
    public void ToFhir_AdtWithObservationsProcedureDiagnosisCoverage_AllMapped()
    {
        var result = Convert();
        var observations = All<Observation>(result);
        Assert.Equal(["8867-4", "29463-7"], observations.Select(o => o.Code.Coding[0].Code));
        Assert.Equal("Taken at rest", observations[0].Note.Single().Text);
        Assert.Empty(observations[0].Interpretation); // OBX-8 "" is an explicit null, not a code
        var weight = (Quantity)observations[1].Value!; // kg^kilogram without a coding system: neither part is lost
        Assert.Equal(("kg", "kilogram"), (weight.Code, weight.Unit));
        Assert.Equal("0UT90ZZ", Assert.Single(All<Procedure>(result)).Code!.Coding[0].Code);
        Assert.Equal("I10", Assert.Single(All<Condition>(result)).Code!.Coding[0].Code);
        var coverage = Assert.Single(All<Coverage>(result));
        Assert.Equal("Acme Insurance", coverage.Payor.Single().Display);
        Assert.Equal("POL-77", coverage.SubscriberId);
    }

    [Fact]
    public void ToFhir_SiteDefinedPatientClass_KeptAsSent()
    {
        var encounter = Assert.Single(All<Encounter>(Convert()));
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v2-0004", encounter.Class!.System);
        Assert.Equal("OP", encounter.Class.Code);
    }

    [Fact]
    public void ToFhir_UnmappedSegments_ReportedAndCountedInTheRecord()
    {
        var result = Convert();
        Assert.Equal(["EVN (segment 2)", "NK1 (segment 4)", "GT1 (segment 13)"], result.NotImported);
        Assert.Equal(3, ImportProvenance.CountOf(result.Resource));
    }

    [Fact]
    public void ToFhir_SampleOru_EveryVisibleSegmentMapped()
    {
        var result = new Hl7V2Adapter().ToFhirWithReport(SampleData.Hl7("oru_r01.hl7"));
        Assert.Empty(result.NotImported);
        Assert.Equal(0, ImportProvenance.CountOf(result.Resource));
    }
}
