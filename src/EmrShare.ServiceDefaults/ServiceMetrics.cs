using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// The service's metrics in the Prometheus text format (<c>GET /metrics</c>): request count and latency per route
/// (route templates, never concrete paths, so no record id or patient reaches a metric label) and gauges the host
/// registers (chain head lag, watcher cursor lag, enrolment queue size, fulfilments pending).
/// </summary>
public sealed class ServiceMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private readonly ConcurrentDictionary<(string Method, string Route, int Status), long> _requests = new();
    private readonly ConcurrentDictionary<(string Method, string Route), Histogram> _latency = new();
    private readonly ConcurrentDictionary<string, GaugeSource> _gauges = new(StringComparer.Ordinal);

    /// <summary>Registers (or replaces) a gauge read at each scrape; a failing read is reported as NaN, not an error.</summary>
    public void Gauge(string name, string help, Func<CancellationToken, Task<double>> read)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _gauges[name] = new GaugeSource(help, read);
    }

    public void RecordRequest(string method, string route, int status, TimeSpan elapsed)
    {
        _requests.AddOrUpdate((method, route, status), 1, (_, count) => count + 1);
        _latency.GetOrAdd((method, route), _ => new Histogram()).Observe(elapsed.TotalSeconds);
    }

    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.Append("# HELP emrshare_http_requests_total HTTP requests by route template and status.\n# TYPE emrshare_http_requests_total counter\n");
        foreach (var ((method, route, status), count) in _requests.OrderBy(entry => entry.Key.Route, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"emrshare_http_requests_total{{method=\"{method}\",route=\"{Escape(route)}\",status=\"{status}\"}} {count}\n");
        }

        text.Append("# HELP emrshare_http_request_duration_seconds HTTP request latency by route template.\n# TYPE emrshare_http_request_duration_seconds histogram\n");
        foreach (var ((method, route), histogram) in _latency.OrderBy(entry => entry.Key.Route, StringComparer.Ordinal))
        {
            histogram.Render(text, $"method=\"{method}\",route=\"{Escape(route)}\"");
        }

        foreach (var (name, gauge) in _gauges.OrderBy(entry => entry.Key, StringComparer.Ordinal))
        {
            double value;
            try
            {
                value = await gauge.Read(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a scrape must not fail because one source (the chain, say) is down: NaN says "unknown"
            catch (Exception)
#pragma warning restore CA1031
            {
                value = double.NaN;
            }

            text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {gauge.Help}\n# TYPE {name} gauge\n{name} {Format(value)}\n");
        }

        return text.ToString();
    }

    private static string Format(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private sealed record GaugeSource(string Help, Func<CancellationToken, Task<double>> Read);

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private readonly Lock _gate = new();
        private long _total;
        private double _sum;

        public void Observe(double seconds)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (seconds <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _total++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder text, string labels)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"emrshare_http_request_duration_seconds_bucket{{{labels},le=\"{Buckets[i]}\"}} {_counts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"emrshare_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {_total}\n");
                text.Append(CultureInfo.InvariantCulture, $"emrshare_http_request_duration_seconds_sum{{{labels}}} {_sum.ToString("R", CultureInfo.InvariantCulture)}\n");
                text.Append(CultureInfo.InvariantCulture, $"emrshare_http_request_duration_seconds_count{{{labels}}} {_total}\n");
            }
        }
    }
}
