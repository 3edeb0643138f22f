using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EmrShare.Bench;

/// <summary>One suite's rows from a run.</summary>
public sealed record SuiteResult(IBenchmarkSuite Suite, IReadOnlyList<BenchmarkRow> Rows);

/// <summary>A headline figure: ours, the reference measured in the same run (or the target), and their ratio.</summary>
public sealed record Headline(string Area, string Figure, string Ours, string Reference, string Ratio, string Note);

/// <summary>
/// docs/benchmarks.md for <c>bench all</c>: one table of every headline figure, read from the suites' own rows —
/// each "ratio …" row with the two contenders it compares (the rows of the same workload whose names share the
/// most words with each side of the ratio), each row whose note states a target, and every row of a suite that
/// has neither (throughput suites without a reference). Per-suite tables follow, as the suites wrote them.
/// </summary>
public static partial class BenchmarkSummary
{
    private static readonly string[] ReferenceWords = ["hardhat", "openssl", "js-ipfs"];

    public static IReadOnlyList<Headline> Headlines(IReadOnlyList<SuiteResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var headlines = new List<Headline>();
        foreach (var (suite, rows) in results)
        {
            var before = headlines.Count;
            foreach (var group in rows.GroupBy(r => r.Workload))
            {
                var contenders = group.Where(r => !IsRatio(r)).ToList();
                foreach (var ratio in group.Where(IsRatio))
                {
                    var (ours, reference) = PairOf(ratio, contenders);
                    headlines.Add(new Headline(suite.Name, $"{group.Key}: {ratio.Contender["ratio ".Length..]}", Describe(ours), Describe(reference), Format(ratio.Value) + " " + ratio.Unit, ratio.Note ?? string.Empty));
                }

                foreach (var row in contenders.Where(r => r.Note?.Contains("target", StringComparison.OrdinalIgnoreCase) == true))
                {
                    var target = Target().Match(row.Note!);
                    var ratioToTarget = target.Success && double.TryParse(target.Groups[2].Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var goal) && goal != 0
                        ? Format(row.Value / goal) + " × target"
                        : "—";
                    headlines.Add(new Headline(suite.Name, $"{row.Workload}: {row.Contender}", $"{Format(row.Value)} {row.Unit}",
                        target.Success ? $"target {target.Groups[1].Value} {target.Groups[2].Value}" : "target", ratioToTarget, row.Note!));
                }
            }

            if (headlines.Count == before)
            {
                headlines.AddRange(rows.Select(r => new Headline(suite.Name, $"{r.Workload}: {r.Contender}", $"{Format(r.Value)} {r.Unit}", "—", "—", r.Note ?? string.Empty)));
            }
        }

        return headlines;
    }

    public static string ToMarkdown(IReadOnlyList<SuiteResult> results, bool quick, string plotPath)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"All suites in one run (`./build.sh bench all{(quick ? " --quick" : string.Empty)}`), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}.");
        sb.AppendLine("Every ratio compares two contenders measured side by side in this same run; absolute numbers move with machine load, ratios much less.");
        if (quick)
        {
            sb.AppendLine("This was a `--quick` run (smaller workloads, shorter soak): numbers are indicative; run without `--quick` for the reference figures.");
        }

        sb.AppendLine();
        sb.AppendLine("## Headline figures");
        sb.AppendLine();
        sb.AppendLine("| suite | figure | EmrShare | reference / target | ratio | note |");
        sb.AppendLine("|---|---|---:|---:|---:|---|");
        foreach (var h in Headlines(results))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {h.Area} | {Cell(h.Figure)} | {Cell(h.Ours)} | {Cell(h.Reference)} | {h.Ratio} | {Cell(h.Note)} |");
        }

        sb.AppendLine();
        sb.AppendLine("## Share latency vs load");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"![share latency p50/p99 vs concurrent clients]({plotPath})");
        foreach (var (suite, rows) in results)
        {
            sb.AppendLine();
            sb.AppendLine(BenchmarkReport.ToMarkdown(suite.Title, rows).Replace("## ", "### ", StringComparison.Ordinal));
        }

        return sb.ToString();
    }

    private static bool IsRatio(BenchmarkRow row) => row.Contender.StartsWith("ratio ", StringComparison.OrdinalIgnoreCase);

    private static bool IsReference(BenchmarkRow row) => ReferenceWords.Any(w => row.Contender.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The two rows a ratio row compares: among (ours, reference) pairs of the same workload, those whose quotient
    /// is exactly the ratio's value (suites compute ratios from the rows they report; a looser match once paired a
    /// ratio with the wrong rows by coincidence), the names sharing most words with the ratio's label breaking ties; when
    /// no quotient fits (ratios of other statistics), the best name matches.
    /// </summary>
    private static (BenchmarkRow? Ours, BenchmarkRow? Reference) PairOf(BenchmarkRow ratio, IReadOnlyList<BenchmarkRow> contenders)
    {
        var sides = ratio.Contender["ratio ".Length..].Split('/', 2);
        var right = sides.Length > 1 ? sides[1] : string.Empty;
        var pairs = from o in contenders.Where(r => !IsReference(r))
                    from r in contenders.Where(IsReference)
                    where r.Value != 0 && Math.Abs((o.Value / r.Value / ratio.Value) - 1) < 1e-9
                    orderby Score(o, sides[0]) + Score(r, right) descending
                    select (o, r);
        var fit = pairs.FirstOrDefault();
        return fit.o is not null ? (fit.o, fit.r) : (BestMatch(contenders.Where(r => !IsReference(r)), sides[0]), BestMatch(contenders.Where(IsReference), right));
    }

    private static int Score(BenchmarkRow row, string label) => Words(row.Contender).Intersect(Words(label)).Count();

    private static BenchmarkRow? BestMatch(IEnumerable<BenchmarkRow> candidates, string label)
    {
        var words = Words(label);
        return candidates.Select(c => (Row: c, Score: Words(c.Contender).Intersect(words).Count()))
            .Where(c => c.Score > 0).OrderByDescending(c => c.Score).Select(c => c.Row).FirstOrDefault();
    }

    private static HashSet<string> Words(string text) =>
        [.. WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length > 1 || char.IsDigit(w[0]))];

    private static string Describe(BenchmarkRow? row) => row is null ? "—" : $"{Format(row.Value)} {row.Unit} ({row.Contender})";

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    [GeneratedRegex(@"target\s*([≤≥<>=]+)\s*([\d,\.]+)")]
    private static partial Regex Target();

    [GeneratedRegex(@"[a-z0-9\-]+")]
    private static partial Regex WordPattern();
}
