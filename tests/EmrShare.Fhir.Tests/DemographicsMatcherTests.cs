using EmrShare.Fhir.Demographics;

namespace EmrShare.Fhir.Tests;

/// <summary>Wrong-patient safety: near misses are mismatches, absent data is not (issue 16 item 7).</summary>
public sealed class DemographicsMatcherTests
{
    private static readonly PatientDemographics Chart = new()
    {
        FamilyNames = ["Rivera"],
        GivenNames = ["Alma"],
        BirthDate = "1979-04-12",
        Gender = "female",
        Identifiers = [new PatientIdentifier("urn:oid:1.2.3", "A-000001")],
    };

    [Fact]
    public void Mismatches_SamePatientWrittenDifferently_None() =>
        Assert.Empty(DemographicsMatcher.Mismatches(Chart, Chart with { FamilyNames = ["RIVERA"], GivenNames = ["álma"], BirthDate = "1979" }));

    [Fact]
    public void Mismatches_RecordWithoutDemographics_None() =>
        Assert.Empty(DemographicsMatcher.Mismatches(Chart, new PatientDemographics { Identifiers = [new PatientIdentifier("urn:other", "X")] }));

    [Theory]
    [InlineData("Riviera", null, null, null, "family name")]
    [InlineData(null, "Alms", null, null, "given name")]
    [InlineData(null, null, "1979-12-04", null, "birth date")]
    [InlineData(null, null, null, "male", "sex")]
    [InlineData(null, null, null, null, "identifier")]
    public void Mismatches_NearMiss_NamesTheField(string? family, string? given, string? born, string? sex, string field)
    {
        var incoming = Chart with
        {
            FamilyNames = family is null ? Chart.FamilyNames : [family],
            GivenNames = given is null ? Chart.GivenNames : [given],
            BirthDate = born ?? Chart.BirthDate,
            Gender = sex ?? Chart.Gender,
            Identifiers = field == "identifier" ? [new PatientIdentifier("urn:oid:1.2.3", "A-000010")] : Chart.Identifiers,
        };
        Assert.Equal([field], DemographicsMatcher.Mismatches(Chart, incoming));
    }

    [Fact]
    public void Mismatches_AnotherPerson_AllFieldsNamedNoValues()
    {
        var eve = new PatientDemographics { FamilyNames = ["EVERYWOMAN"], GivenNames = ["EVE"], BirthDate = "1962-03-20", Gender = "female" };
        var fields = DemographicsMatcher.Mismatches(Chart, eve);
        Assert.Equal(["family name", "given name", "birth date"], fields);
        Assert.DoesNotContain(fields, f => f.Contains("EVE", StringComparison.OrdinalIgnoreCase));
    }
}
