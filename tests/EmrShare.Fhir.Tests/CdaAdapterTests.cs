// Assertions walk deep into nullable Firely members; a null there fails the test anyway.
#nullable disable warnings
using System.Text;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Cda;
using EmrShare.Fhir.Records;
using FsCheck;
using FsCheck.Fluent;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

public sealed class CdaAdapterTests
{
    private static readonly CdaAdapter Adapter = new();

    private static byte[] Sample() => File.ReadAllBytes(Path.Combine(RepoRoot(), "samples", "ccda", "ccd_problems_results.xml"));

    private static string RepoRoot() => EmrShare.TestSupport.RepoPaths.Root;

    [Fact]
    public void ToFhir_Ccd_HeaderProblemsAndResults()
    {
        var bundle = Assert.IsType<Bundle>(Adapter.ToFhir(Sample()));
        var resources = bundle.Entry.Select(e => e.Resource).ToList();

        var patient = resources.OfType<Patient>().Single();
        Assert.Equal(("urn:oid:2.16.840.1.113883.19.5.99999.2", "998991"), (patient.Identifier[0].System, patient.Identifier[0].Value));
        Assert.Equal(("Jones", "Isabella Isa", "1975-05-01", AdministrativeGender.Female), (patient.Name[0].Family, string.Join(' ', patient.Name[0].Given), patient.BirthDate, patient.Gender));

        var conditions = resources.OfType<Condition>().ToList();
        Assert.Equal(2, conditions.Count);
        Assert.Equal([("http://snomed.info/sct", "233604007"), ("http://hl7.org/fhir/sid/icd-10-cm", "J18.9")], conditions[0].Code.Coding.Select(c => (c.System, c.Code)));
        Assert.Equal("2012-08-06", ((FhirDateTime)conditions[0].Onset).Value);
        Assert.Equal(("http://hl7.org/fhir/sid/icd-10", "I10", "2007-03"), (conditions[1].Code.Coding[0].System, conditions[1].Code.Coding[0].Code, ((FhirDateTime)conditions[1].Onset).Value));

        var report = resources.OfType<DiagnosticReport>().Single();
        Assert.Equal(("57021-8", 2), (report.Code.Coding[0].Code, report.Result.Count));
        var hemoglobin = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "718-7");
        Assert.Equal((13.2m, "g/dL", "http://unitsofmeasure.org"), (((Quantity)hemoglobin.Value).Value!.Value, ((Quantity)hemoglobin.Value).Code, ((Quantity)hemoglobin.Value).System));
        Assert.Equal((12.0m, 15.5m), (hemoglobin.ReferenceRange[0].Low.Value!.Value, hemoglobin.ReferenceRange[0].High.Value!.Value));
        Assert.Equal("2024-05-14T08:30:00+02:00", ((FhirDateTime)hemoglobin.Effective).Value);
        Assert.Equal("H", resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "26464-8").Interpretation[0].Coding[0].Code);
        Assert.Equal(new DateTimeOffset(2024, 5, 14, 9, 30, 0, TimeSpan.FromHours(2)), bundle.Timestamp);
        Assert.Equal(2, ClinicalSummaryBuilder.Build(bundle).Diagnoses.Count());
    }

    [Theory]
    [InlineData("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><recordTarget>", "not well-formed")]
    [InlineData("<Patient xmlns=\"http://hl7.org/fhir\"/>", "expected ClinicalDocument")]
    [InlineData("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>", "recordTarget")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"e\">]><ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>", "not well-formed")]
    public void ToFhir_BrokenDocument_TypedError(string xml, string expected)
    {
        var e = Assert.Throws<CdaFormatException>(() => Adapter.ToFhir(Encoding.UTF8.GetBytes(xml)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToFhir_AbsurdlyDeepDocument_Rejected()
    {
        var deep = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">" + string.Concat(Enumerable.Repeat("<component>", 10_000)) + string.Concat(Enumerable.Repeat("</component>", 10_000)) + "</ClinicalDocument>";
        Assert.Contains("nesting", Assert.Throws<CdaFormatException>(() => Adapter.ToFhir(Encoding.UTF8.GetBytes(deep))).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ToFhir_BadNumberInResult_NamesTheObservation()
    {
        var xml = Encoding.UTF8.GetString(Sample()).Replace("value=\"13.2\"", "value=\"13,2\"", StringComparison.Ordinal);
        var e = Assert.Throws<CdaFormatException>(() => Adapter.ToFhir(Encoding.UTF8.GetBytes(xml)));
        Assert.Equal("results/entry[0]/observation[0]/value", e.Location);
    }

    [Fact]
    public void ToFhir_MutatedDocuments_OnlyTypedErrors()
    {
        var seed = Sample();
        var inputs =
            from position in Gen.Choose(0, seed.Length - 1)
            from length in Gen.Choose(0, 12)
            from replacement in Gen.Elements("0", "-", "+9999", "\"", "<", "/>", "x", string.Empty, "9999", "UN", "PQ")
            select Splice(seed, position, length, replacement);
        var imported = 0;
        var property = Prop.ForAll(Arb.From(inputs), input =>
        {
            try
            {
                // A mutant that still imports must be a whole, valid record: a Bundle with its one Patient.
                var resource = Adapter.ToFhir(input);
                var bundle = Assert.IsType<Hl7.Fhir.Model.Bundle>(resource);
                Assert.Single(bundle.Entry, e => e.Resource is Hl7.Fhir.Model.Patient);
                Assert.Empty(Fhir.Codec.FhirCodec.Clinical.Validate(bundle));
                imported++;
                return true;
            }
            catch (EmrFormatException)
            {
                return true;
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2_000).WithQuietOnSuccess(true), property);

        // Many mutations are harmless (inside narrative text, a display name, or a zero-length splice) and must
        // still import: a converter that refused everything would pass the typed-error half alone.
        Assert.True(imported >= 100, $"only {imported} of 2,000 mutated documents imported");
        Assert.IsType<Hl7.Fhir.Model.Bundle>(Adapter.ToFhir(Splice(seed, 0, 0, string.Empty)));
    }

    private static byte[] Splice(byte[] seed, int position, int length, string replacement) =>
        [.. seed.AsSpan(0, position), .. Encoding.UTF8.GetBytes(replacement), .. seed.AsSpan(Math.Min(seed.Length, position + length))];
}
