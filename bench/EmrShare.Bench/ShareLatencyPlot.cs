using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace EmrShare.Bench;

/// <summary>
/// SVG line chart of share latency (p50 and p99) against the number of concurrent clients, drawn from the share
/// suite's rows ("… N concurrent" workloads with "p50 latency"/"p99 latency" contenders). Hand-written SVG: no
/// plotting package is available here.
/// </summary>
public static partial class ShareLatencyPlot
{
    private const int Width = 640;
    private const int Height = 400;
    private const int Left = 70;
    private const int Right = 60;
    private const int Top = 40;
    private const int Bottom = 60;

    /// <summary>(clients, p50 ms, p99 ms) points, sorted by clients; empty when the share rows are not there.</summary>
    public static IReadOnlyList<(int Clients, double P50, double P99)> Points(IEnumerable<BenchmarkRow> shareRows)
    {
        var byClients = new SortedDictionary<int, (double P50, double P99)>();
        foreach (var row in shareRows)
        {
            var match = Concurrency().Match(row.Workload);
            if (!match.Success || row.Unit != "ms")
            {
                continue;
            }

            var clients = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var point = byClients.GetValueOrDefault(clients, (P50: double.NaN, P99: double.NaN));
            if (row.Contender.Contains("p50", StringComparison.OrdinalIgnoreCase))
            {
                point.P50 = row.Value;
            }
            else if (row.Contender.Contains("p99", StringComparison.OrdinalIgnoreCase))
            {
                point.P99 = row.Value;
            }

            byClients[clients] = point;
        }

        return [.. byClients.Where(p => !double.IsNaN(p.Value.P50) && !double.IsNaN(p.Value.P99)).Select(p => (p.Key, p.Value.P50, p.Value.P99))];
    }

    public static string ToSvg(IReadOnlyList<(int Clients, double P50, double P99)> points, string subtitle)
    {
        ArgumentNullException.ThrowIfNull(points);
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">Share A→B latency vs load (embedded ledger)</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"34\" text-anchor=\"middle\" fill=\"#555\">{Escape(subtitle)}</text>");
        if (points.Count == 0)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no share latency rows in this run</text></svg>");
            return svg.ToString();
        }

        var maxX = points.Max(p => p.Clients);
        var maxY = NiceCeiling(points.Max(p => p.P99));
        double X(double clients) => Left + ((Width - Left - Right) * (points.Count == 1 ? 0.5 : (clients - points[0].Clients) / (double)(maxX - points[0].Clients)));
        double Y(double ms) => Height - Bottom - ((Height - Top - Bottom) * ms / maxY);

        // Axes, y grid with labels, x ticks at the measured client counts.
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>");
        for (var i = 0; i <= 5; i++)
        {
            var ms = maxY * i / 5;
            svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Y(ms):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(ms):0.#}\" stroke=\"#ddd\"/>");
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(ms) + 4:0.#}\" text-anchor=\"end\">{ms:0.#}</text>");
        }

        foreach (var p in points)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{X(p.Clients):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{p.Clients}</text>");
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 20}\" text-anchor=\"middle\">concurrent clients</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"18\" y=\"{(Top + Height - Bottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 18 {(Top + Height - Bottom) / 2})\">latency per share (ms)</text>");
        Series(svg, points.Select(p => (X(p.Clients), Y(p.P50), p.P50)), "#1f77b4", "p50");
        Series(svg, points.Select(p => (X(p.Clients), Y(p.P99), p.P99)), "#d62728", "p99");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 10}\" y=\"{Top + 4}\" width=\"12\" height=\"3\" fill=\"#1f77b4\"/><text x=\"{Left + 28}\" y=\"{Top + 10}\">p50</text>");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{Left + 70}\" y=\"{Top + 4}\" width=\"12\" height=\"3\" fill=\"#d62728\"/><text x=\"{Left + 88}\" y=\"{Top + 10}\">p99</text>");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Series(StringBuilder svg, IEnumerable<(double X, double Y, double Ms)> points, string colour, string name)
    {
        var list = points.ToList();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', list.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")))}\"><title>{name}</title></polyline>");
        foreach (var p in list)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"<circle cx=\"{p.X:0.#}\" cy=\"{p.Y:0.#}\" r=\"4\" fill=\"{colour}\"/><text x=\"{p.X + 6:0.#}\" y=\"{p.Y - 6:0.#}\" fill=\"{colour}\">{p.Ms:0.#}</text>");
        }
    }

    /// <summary>The next "round" axis maximum above <paramref name="value"/> (1, 2, 5 × 10^n).</summary>
    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(value, 1e-9))));
        return new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(v => v >= value);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    [GeneratedRegex(@"(\d+) concurrent")]
    private static partial Regex Concurrency();
}
