using System.Diagnostics;
using EmrShare.Fhir.Adapters;
using EmrShare.Fhir.Codec;
using EmrShare.Fhir.Hl7v2;
using EmrShare.TestSupport;
using Hl7.Fhir.Model;

namespace EmrShare.Bench;

/// <summary>
/// Suite <c>hl7</c>: HL7 v2 → FHIR messages/s (parse only, and parse + map + validate), FHIR → ORU^R01, and
/// FHIR R4 parse + validate resources/s in JSON and XML on the official example resources.
/// Single-threaded; each workload is warmed up, then repeated for a fixed wall-clock budget.
/// </summary>
public sealed class Hl7FhirBenchmark : IBenchmarkSuite
{
    public string Name => "hl7";

    public string Title => "HL7 v2 → FHIR conversion and FHIR R4 parse + validate throughput";

    public Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var budget = options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
        var messages = Directory.GetFiles(Path.Combine(RepoPaths.Root, "samples", "hl7v2"), "*.hl7").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToArray();
        var oru = messages.Single(m => m.AsSpan().IndexOf("ORU^R01"u8) >= 0);
        var adapter = new Hl7V2Adapter();
        var oruBundle = (Bundle)adapter.ToFhir(oru);

        var (jsonResources, xmlResources) = LoadFhirSamples();
        var rows = new List<BenchmarkRow>
        {
            Measure("HL7 v2 parse (5 sample messages, ADT/ORU/MDM)", "EmrShare Hl7Parser", messages, m => Hl7Parser.Parse(m), budget, "messages/s", cancellationToken),
            Measure("HL7 v2 → FHIR Bundle (parse + map + validate)", "EmrShare Hl7V2Adapter", messages, m => adapter.ToFhir(m), budget, "messages/s", cancellationToken),
            Measure("FHIR Bundle → ORU^R01 (validate + write)", "EmrShare FhirToOruWriter", [oruBundle], b => adapter.FromFhir(b), budget, "messages/s", cancellationToken),
            Measure($"FHIR R4 JSON parse + validate ({jsonResources.Length} clinical examples)", "Firely 6.8 + EmrShare rules", jsonResources, r => FhirCodec.Clinical.Parse(r, FhirFormat.Json), budget, "resources/s", cancellationToken),
            Measure($"FHIR R4 XML parse + validate ({xmlResources.Length} clinical examples)", "Firely 6.8 + EmrShare rules", xmlResources, r => FhirCodec.Clinical.Parse(r, FhirFormat.Xml), budget, "resources/s", cancellationToken),
        };
        return System.Threading.Tasks.Task.FromResult<IReadOnlyList<BenchmarkRow>>(rows);
    }

    private static BenchmarkRow Measure<T>(string workload, string contender, T[] inputs, Func<T, object> action, TimeSpan budget, string unit, CancellationToken cancellationToken)
    {
        foreach (var input in inputs)
        {
            action(input);
        }

        var done = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < budget)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var input in inputs)
            {
                action(input);
            }

            done += inputs.Length;
        }

        return new BenchmarkRow(workload, contender, done / watch.Elapsed.TotalSeconds, unit, $"{done} in {watch.Elapsed.TotalSeconds:0.0} s, 1 thread");
    }

    /// <summary>The R4 example resources of the clinical types (fetched by scripts/fetch-fhir-samples.sh), as JSON and as XML.</summary>
    private static (string[] Json, string[] Xml) LoadFhirSamples()
    {
        var folder = Path.Combine(RepoPaths.Root, ".cache", "fhir-samples", "r4-examples", "package");
        if (!Directory.Exists(folder))
        {
            using var fetch = Process.Start("bash", [Path.Combine(RepoPaths.Root, "scripts", "fetch-fhir-samples.sh")]);
            fetch.WaitForExit();
        }

        var types = FhirRecordPolicy.ClinicalTypes.Where(t => t != "Bundle");
        var json = new List<string>();
        var xml = new List<string>();
        var anyType = new FhirCodec(FhirRecordPolicy.AnyType);
        foreach (var file in types.SelectMany(t => Directory.GetFiles(folder, t + "-*.json")).Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            try
            {
                var resource = FhirCodec.Clinical.Parse(text, FhirFormat.Json);
                json.Add(text);
                xml.Add(anyType.Serialize(resource, FhirFormat.Xml));
            }
            catch (FhirValidationException)
            {
                // The few examples the codec refuses (see docs/adapters.md) are not part of the throughput set.
            }
        }

        return ([.. json], [.. xml]);
    }
}
