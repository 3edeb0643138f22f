using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Records;
using Hl7.Fhir.Model;

namespace EmrShare.Fhir.Tests;

/// <summary>Parse + validate + JSON/XML round trips on the official HL7 R4 examples and IPS documents.</summary>
public sealed class FhirSampleRoundTripTests
{
    private static readonly FhirCodec AnyType = new(FhirRecordPolicy.AnyType);

    // These three official example bundles contain literals that violate R4 itself (codes with non-breaking
    // spaces, a URI with '|', a URI "http://.........?"): the codec must refuse them, naming the element.
    private static readonly string[] KnownInvalid = ["Bundle-v2-valuesets.json", "Bundle-valueset-expansions.json", "Bundle-valuesets.json"];

    [Fact]
    public void AllExampleBundles_ParseRoundTripOrRejectWithLocation()
    {
        var files = Directory.GetFiles(SampleData.R4Examples, "Bundle-*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(44, files.Count);
        var rejected = new List<string>();
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
                rejected.Add(Path.GetFileName(file));
                continue;
            }

            AssertRoundTrips(bundle, xml: new FileInfo(file).Length < 3_000_000);
        }

        Assert.Equal(KnownInvalid.Order(StringComparer.Ordinal), rejected);
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

        // XML itself normalises narrative whitespace, entities and trimmed attribute values, so the XML
        // round trip is checked for stability: model → XML → model → XML gives the same document.
        var xmlText = AnyType.Serialize(resource, FhirFormat.Xml);
        var fromXml = AnyType.Parse(xmlText, FhirFormat.Xml);
        Assert.Equal(xmlText, AnyType.Serialize(fromXml, FhirFormat.Xml));

        // And the clinical content seen through XML equals the one seen through JSON.
        Assert.Equal(ClinicalSummaryBuilder.Build(resource).Entries.Count, ClinicalSummaryBuilder.Build(fromXml).Entries.Count);
    }
}
