using EmrShare.Bench;
using EmrShare.TestSupport;

// Usage: dotnet run -c Release --project bench/EmrShare.Bench -- [suite ...|all] [--quick]
// With no suite names every suite runs. Each writes docs/benchmarks/<suite>.md; `all` also writes the
// consolidated docs/benchmarks.md (one headline table) and docs/benchmarks/share-latency.svg (`all --quick`
// writes only those two).
var suites = BenchmarkCatalog.All();
var quick = args.Contains("--quick");
var wanted = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
var all = wanted.Remove("all");
// A suite name also selects its sub-suites: `ledger` runs `ledger` and `ledger-rpc`.
var selected = suites.Where(s => all || wanted.Count == 0 || wanted.Contains(s.Name) || wanted.Contains(s.Name.Split('-')[0])).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine("unknown suite; available: all, " + string.Join(", ", suites.Select(s => s.Name)));
    return 2;
}

var outputDirectory = Path.Combine(RepoPaths.Root, "docs", "benchmarks");
var options = new BenchmarkOptions(quick, outputDirectory);
var results = new List<SuiteResult>();
var failed = 0;
foreach (var suite in selected)
{
    Console.WriteLine($"== {suite.Title}");
    IReadOnlyList<BenchmarkRow> rows;
    try
    {
        rows = await suite.RunAsync(options, CancellationToken.None);
    }
    catch (Exception ex) when (all)
    {
        // One broken suite must not cost the other suites' figures in the consolidated report; it is listed there.
        Console.Error.WriteLine($"suite {suite.Name} failed: {ex.GetType().Name}: {ex.Message}");
        rows = [new BenchmarkRow("suite failed", ex.GetType().Name, double.NaN, "-", ex.Message.ReplaceLineEndings(" "))];
        failed++;
    }

    // A quick `all` run (smoke check, usually on a busy machine) goes only into the consolidated report, so it
    // does not overwrite the per-suite reference tables of full runs.
    if (!(all && quick))
    {
        await BenchmarkReport.WriteAsync(outputDirectory, suite.Name, suite.Title, rows, CancellationToken.None);
    }
    else
    {
        Console.WriteLine(BenchmarkReport.ToMarkdown(suite.Title, rows));
    }

    results.Add(new SuiteResult(suite, rows));
}

if (all)
{
    var plot = ShareLatencyPlot.Points(results.Where(r => r.Suite.Name == "share").SelectMany(r => r.Rows));
    await File.WriteAllTextAsync(Path.Combine(outputDirectory, "share-latency.svg"),
        ShareLatencyPlot.ToSvg(plot, $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores{(quick ? ", --quick run" : string.Empty)}"));
    var summary = BenchmarkSummary.ToMarkdown(results, quick, "benchmarks/share-latency.svg");
    await File.WriteAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "benchmarks.md"), summary);
    Console.WriteLine($"wrote docs/benchmarks.md and docs/benchmarks/share-latency.svg ({failed} suite(s) failed)");
}

return failed == 0 ? 0 : 1;
