using EmrShare.Bench;
using EmrShare.TestSupport;

// Usage: dotnet run -c Release --project bench/EmrShare.Bench -- [suite ...] [--quick]
// With no suite names every suite runs. Each writes docs/benchmarks/<suite>.md.
var suites = BenchmarkCatalog.All();
var quick = args.Contains("--quick");
var wanted = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var selected = suites.Where(s => wanted.Count == 0 || wanted.Contains(s.Name)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine("unknown suite; available: " + string.Join(", ", suites.Select(s => s.Name)));
    return 2;
}

var outputDirectory = Path.Combine(RepoPaths.Root, "docs", "benchmarks");
var options = new BenchmarkOptions(quick, outputDirectory);
foreach (var suite in selected)
{
    Console.WriteLine($"== {suite.Title}");
    var rows = await suite.RunAsync(options, CancellationToken.None);
    await BenchmarkReport.WriteAsync(outputDirectory, suite.Name, suite.Title, rows, CancellationToken.None);
}

return 0;
