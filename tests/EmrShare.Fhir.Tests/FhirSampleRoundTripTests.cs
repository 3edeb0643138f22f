using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Records;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>Parse + validate + JSON/XML round trips on the official HL7 R4 examples and IPS documents.</summary>
public sealed class FhirSampleRoundTripTests
{
    private static readonly FhirCodec AnyType = new(FhirRecordPolicy.AnyType);

    // Official example bundles that really are invalid, each refused with the issue that says why: literals
    // violating R4 datatypes (Firely PVAL124), a fullUrl naming another resource than its entry (EMR005:
    // ".../Patient/pat12" on Patient "pat2", ".../lri-gramstain1" on "gramstain1") and duplicate fullUrls (bdl-7).
    private static readonly Dictionary<string, string> KnownInvalid = new()
    {
        ["Bundle-10bb101f-a121-4264-a920-67be9cb82c74.json"] = FhirIssueCodes.BadFullUrl,
        ["Bundle-3a0707d3-549e-4467-b8b8-5a2ab3800efe.json"] = FhirIssueCodes.BadFullUrl,
        ["Bundle-dataelements.json"] = FhirIssueCodes.DuplicateFullUrl,
        ["Bundle-lri-example.json"] = FhirIssueCodes.BadFullUrl,
        ["Bundle-v2-valuesets.json"] = "PVAL124",
        ["Bundle-valueset-expansions.json"] = "PVAL124",
        ["Bundle-valuesets.json"] = "PVAL124",
    };

    // Holds decimals such as -1.0E+245, valid FHIR but beyond .NET decimal, which Firely (and so we) refuse.
    private const string BeyondDotNetDecimal = "Observation-decimal.json";

    [Fact]
    public void AllExampleBundles_ParseRoundTripOrRejectWithLocation()
    {
        var files = Directory.GetFiles(SampleData.R4Examples, "Bundle-*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(44, files.Count);
        var rejected = new List<string>();
        var reasons = new List<string>();
        foreach (var file in files)
        {
            var json = File.ReadAllText(file);
            Resource bundle;
            try
            {
                bundle = AnyType.Parse(json, FhirFormat.Json);
            }
            catch (FhirValidationException e)
            {
                Assert.All(e.Issues, i => Assert.StartsWith("Bundle.entry[", i.Location, StringComparison.Ordinal));
                var name = Path.GetFileName(file);
                rejected.Add(name);
                reasons.Add(name + ": " + e.Issues[0]);
                Assert.True(KnownInvalid.TryGetValue(name, out var code) && e.Issues.Any(i => i.Code == code), string.Join("\n", reasons));
                continue;
            }

            // The multi-megabyte terminology/conformance bundles are parsed and validated; round trips are
            // checked on the rest to keep the suite within its time budget.
            if (new FileInfo(file).Length < 3_000_000)
            {
                AssertRoundTrips(bundle, xml: true);
            }
        }

        Assert.True(KnownInvalid.Keys.Order(StringComparer.Ordinal).SequenceEqual(rejected), string.Join("\n", reasons));
    }

    [Theory]
    [InlineData("Bundle-lipids.json", "Observation", 4)]
    [InlineData("Bundle-report.json", "Observation", 13)]
    [InlineData("Bundle-ghp.json", "Observation", 51)]
    [InlineData("Bundle-father.json", "AllergyIntolerance", 1)]
    [InlineData("Bundle-101.json", "Observation", 17)]
    public void ClinicalExampleBundles_AcceptedAsRecords(string file, string type, int count)
    {
        // Other components build their end-to-end scenarios on these official bundles.
        var record = FhirCodec.Clinical.ParseRecord(File.ReadAllBytes(Path.Combine(SampleData.R4Examples, file)), FhirFormats.JsonContentType);
        Assert.Equal(count, record.Summary.ResourceCounts[type]);
    }

    [Fact]
    public void IpsDocuments_AcceptedAsClinicalRecordsWithDiagnoses()
    {
        var files = Directory.GetFiles(SampleData.IpsExamples, "Bundle-*.json");
        Assert.True(files.Length >= 5, $"expected the IPS example bundles, found {files.Length}");
        foreach (var file in files)
        {
            var record = FhirCodec.Clinical.ParseRecord(File.ReadAllBytes(file), FhirFormats.JsonContentType);
            AssertRoundTrips(record.Resource, xml: true);
            Assert.Equal(1, record.Summary.ResourceCounts["Composition"]);
            Assert.NotEmpty(ClinicalSummaryRenderer.Render(record.Summary));
        }
    }

    [Fact]
    public void ClinicalExampleResources_ParseValidateRoundTrip()
    {
        var types = FhirRecordPolicy.ClinicalTypes.Where(t => t != "Bundle");
        var files = types.SelectMany(t => Directory.GetFiles(SampleData.R4Examples, t + "-*.json")).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 150, $"only {files.Count} clinical example resources found");
        foreach (var file in files)
        {
            if (Path.GetFileName(file) == BeyondDotNetDecimal)
            {
                var e = Assert.Throws<FhirValidationException>(() => FhirCodec.Clinical.Parse(File.ReadAllBytes(file)));
                Assert.Contains(e.Issues, i => i.Code == "PVAL123" && i.Location.StartsWith("Observation.component[", StringComparison.Ordinal));
                continue;
            }

            var resource = FhirCodec.Clinical.Parse(File.ReadAllBytes(file));
            Assert.Empty(FhirCodec.Clinical.Validate(resource));
            AssertRoundTrips(resource, xml: true);
        }
    }

    [Fact]
    public void ExampleBundle_Condition_SummaryKeepsIcdAndSnomedCodes()
    {
        var record = FhirCodec.Clinical.ParseRecord(File.ReadAllBytes(Path.Combine(SampleData.IpsExamples, "Bundle-bundle-ips-all-sections.json")), FhirFormats.JsonContentType);
        Assert.NotEmpty(record.Summary.Diagnoses);
        Assert.Contains(record.Summary.Codes, c => c.System == "http://snomed.info/sct");
    }

    private static void AssertRoundTrips(Resource resource, bool xml)
    {
        var json = AnyType.Serialize(resource, FhirFormat.Json);
        var fromJson = AnyType.Parse(json, FhirFormat.Json);
        Assert.True(resource.IsExactly(fromJson), "JSON round trip changed " + resource.TypeName + "/" + resource.Id);
        if (!xml)
        {
            return;
        }

        var fromXml = AnyType.Parse(AnyType.Serialize(resource, FhirFormat.Xml), FhirFormat.Xml);
        Assert.True(
            XmlCanonical.Normalize(resource).IsExactly(XmlCanonical.Normalize(fromXml)),
            "XML round trip changed " + resource.TypeName + "/" + resource.Id);
    }
}
