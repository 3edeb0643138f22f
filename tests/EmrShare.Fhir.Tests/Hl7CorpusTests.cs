using EmrShare.Fhir.Adapters;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Real HL7 v2 messages from a public library's test folder (fetched at test time from the package registry):
/// the mapped facts and the "not imported" report are pinned per message.
/// </summary>
public sealed class Hl7CorpusTests
{
    private static AdapterResult Import(string file) =>
        new Hl7V2Adapter().ToFhirWithReport(File.ReadAllBytes(Path.Combine(SampleData.SimpleHl7Samples, file)));

    private static List<T> All<T>(AdapterResult r) => [.. ((Bundle)r.Resource).Entry.Select(e => e.Resource).OfType<T>()];

    [Fact]
    public void ToFhir_SimpleHl7AdtA04_PatientVisitAndNextOfKinReported()
    {
        var result = Import("adt.hl7");
        var patient = Assert.Single(All<Patient>(result));
        Assert.Equal(("DOE", "1948-02-03", AdministrativeGender.Male), (patient.Name[0].Family, patient.BirthDate, patient.Gender!.Value));
        Assert.Equal("AMB", Assert.Single(All<Encounter>(result)).Class!.Code);
        Assert.Equal(["NK1 (segment 3)"], result.NotImported);
    }

    [Fact]
    public void ToFhir_SimpleHl7OruV23_LipidValuesUnitsAndNoNullFlags()
    {
        var result = Import("oru.hl7");
        var observations = All<Observation>(result);
        var hdl = observations.First(o => o.Code!.Coding[0].Code == "JHDL");
        var quantity = (Quantity)hdl.Value!;
        Assert.Equal((62m, "mg/dL", "CD:289"), (quantity.Value!.Value, quantity.Unit, quantity.Code));
        Assert.All(observations, o => Assert.DoesNotContain(o.Interpretation, i => i.Coding.Any(c => c.Code == "\"\"")));
        Assert.Contains(observations, o => o.Interpretation.Any(i => i.Coding.Any(c => c.Code == "H")));
        Assert.Contains("PD1 (segment 3)", result.NotImported);
    }
}
