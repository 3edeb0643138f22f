using System.Globalization;
using System.Text;

namespace EmrShare.Bench;

/// <summary>Writes the rows of one run as a Markdown table (docs/benchmarks/*.md) and echoes it.</summary>
public static class BenchmarkReport
{
    public static string ToMarkdown(string title, IReadOnlyList<BenchmarkRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {title}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, {Environment.OSVersion}.");
        sb.AppendLine();
        sb.AppendLine("| workload | contender | value | unit | note |");
        sb.AppendLine("|---|---|---:|---|---|");
        foreach (var row in rows)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {row.Workload} | {row.Contender} | {row.Value.ToString("0.###", CultureInfo.InvariantCulture)} | {row.Unit} | {row.Note} |");
        }

        return sb.ToString();
    }

    public static async Task WriteAsync(string directory, string name, string title, IReadOnlyList<BenchmarkRow> rows, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var markdown = ToMarkdown(title, rows);
        await File.WriteAllTextAsync(Path.Combine(directory, name + ".md"), markdown, cancellationToken);
        Console.WriteLine(markdown);
    }
}
