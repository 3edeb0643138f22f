using System.Collections.Concurrent;
using System.Diagnostics;

namespace EmrShare.Bench;

/// <summary>Latencies and errors per operation, and process memory sampled over the soak.</summary>
internal sealed class SoakRecorder
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errorKinds = new(StringComparer.Ordinal);

    public List<MemorySample> Memory { get; } = [];

    public int Skipped;

    public void Ok(string operation, double milliseconds) => _latencies.GetOrAdd(operation, _ => []).Add(milliseconds);

    public void Error(string operation, Exception ex)
    {
        _errors.AddOrUpdate(operation, 1, (_, n) => n + 1);
        _errorKinds.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
    }

    public IReadOnlyList<double> Sorted(string operation) => [.. _latencies.GetValueOrDefault(operation, []).Order()];

    public int Errors(string operation) => _errors.GetValueOrDefault(operation);

    public int TotalOk => _latencies.Values.Sum(b => b.Count);

    public int TotalErrors => _errors.Values.Sum();

    public string ErrorKinds => string.Join(", ", _errorKinds.Select(e => $"{e.Key} × {e.Value}"));

    /// <summary>Working set and managed heap now (after the GC's own bookkeeping; no forced collection, that would distort latency).</summary>
    public void SampleMemory(TimeSpan at)
    {
        using var self = Process.GetCurrentProcess();
        Memory.Add(new MemorySample(at, self.WorkingSet64 / 1048576.0, GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, GC.GetTotalMemory(false) / 1048576.0));
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>One memory sample: seconds into the soak, working set, GC heap size after the last GC, and live managed bytes (MB).</summary>
internal sealed record MemorySample(TimeSpan At, double WorkingSetMb, double GcHeapMb, double ManagedMb);
