using System.Diagnostics;
using System.Globalization;

namespace EmrShare.Bench;

/// <summary>
/// Bounded steady-rate soak (open loop: requests start on schedule whether or not earlier ones finished, and
/// latency counts from the scheduled start, so a stall shows up instead of silently lowering the rate). Reports
/// p50/p99 per operation, errors, achieved rate and process memory sampled over time, with the heap growth from
/// the middle to the last third of the run as the "memory stays bounded" figure.
/// </summary>
public sealed class SoakBenchmark : IBenchmarkSuite
{
    private const int MaxInFlight = 256;

    public string Name => "soak";

    public string Title => "Soak: steady-rate load over loopback HTTP, latency, errors and memory over time";

    /// <summary>Services soaked in turn: the ledger's JSON-RPC endpoint and the hospital/patient/Center REST APIs.</summary>
    public static IReadOnlyList<Func<ISoakTarget>> Targets { get; } = [() => new JsonRpcSoakTarget(), () => new RestApiSoakTarget()];

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var duration = TimeSpan.FromSeconds(options.Quick ? 10 : 60);
        var rows = new List<BenchmarkRow>();
        foreach (var create in Targets)
        {
            await using var target = create();
            var rate = target.RequestsPerSecond;
            var operations = await target.StartAsync((int)(duration.TotalSeconds * rate / 3) + 100, cancellationToken);
            var recorder = await SoakAsync(operations, rate, duration, cancellationToken);
            rows.AddRange(Rows(target.Name, operations, recorder, rate, duration));
        }

        return rows;
    }

    private static async Task<SoakRecorder> SoakAsync(IReadOnlyList<SoakOperation> operations, int rate, TimeSpan duration, CancellationToken ct)
    {
        var recorder = new SoakRecorder();
        var inFlight = new List<Task>();
        var running = 0;
        var clock = Stopwatch.StartNew();
        var nextSample = TimeSpan.Zero;
        var sampleEvery = duration / 20;
        for (long i = 0; ; i++)
        {
            var scheduled = TimeSpan.FromSeconds((double)i / rate);
            if (scheduled >= duration)
            {
                break;
            }

            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            if (clock.Elapsed >= nextSample)
            {
                recorder.SampleMemory(clock.Elapsed);
                nextSample += sampleEvery;
            }

            if (Volatile.Read(ref running) >= MaxInFlight)
            {
                Interlocked.Increment(ref recorder.Skipped);
                continue;
            }

            var operation = operations[(int)(i % operations.Count)];
            Interlocked.Increment(ref running);
            inFlight.Add(RunOneAsync(operation, scheduled, clock, recorder, () => Interlocked.Decrement(ref running), ct));
            if (inFlight.Count > 4_096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
        recorder.SampleMemory(clock.Elapsed);
        return recorder;
    }

    private static async Task RunOneAsync(SoakOperation operation, TimeSpan scheduled, Stopwatch clock, SoakRecorder recorder, Action done, CancellationToken ct)
    {
        try
        {
            await operation.RunAsync(ct);
            recorder.Ok(operation.Name, (clock.Elapsed - scheduled).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            recorder.Error(operation.Name, ex);
        }
        finally
        {
            done();
        }
    }

    private static IEnumerable<BenchmarkRow> Rows(string target, IReadOnlyList<SoakOperation> operations, SoakRecorder r, int rate, TimeSpan duration)
    {
        var workload = string.Create(CultureInfo.InvariantCulture, $"{target}: {rate} req/s for {duration.TotalSeconds:0} s");
        foreach (var operation in operations)
        {
            var sorted = r.Sorted(operation.Name);
            yield return new BenchmarkRow(workload, operation.Name + " p50 latency", SoakRecorder.Percentile(sorted, 0.50), "ms");
            yield return new BenchmarkRow(workload, operation.Name + " p99 latency", SoakRecorder.Percentile(sorted, 0.99), "ms", $"{sorted.Count} ok, {r.Errors(operation.Name)} errors");
        }

        yield return new BenchmarkRow(workload, "achieved rate", r.TotalOk / duration.TotalSeconds, "req/s", $"target {rate}; {r.Skipped} skipped at {MaxInFlight} in flight");
        yield return new BenchmarkRow(workload, "errors", r.TotalErrors, "requests", r.TotalErrors == 0 ? "target 0: met" : "target 0: NOT met — " + r.ErrorKinds);
        var middle = r.Memory.Where(m => m.At >= duration / 3 && m.At < duration * 2 / 3).ToList();
        var last = r.Memory.Where(m => m.At >= duration * 2 / 3).ToList();
        if (middle.Count > 0 && last.Count > 0)
        {
            var growth = (last.Average(m => m.GcHeapMb) / middle.Average(m => m.GcHeapMb) - 1) * 100;
            yield return new BenchmarkRow(workload, "GC heap growth, last third vs middle third", growth, "%", growth < 25 ? "bounded (target < 25 %): met" : "target < 25 %: NOT met");
            var wsGrowth = (last.Average(m => m.WorkingSetMb) / middle.Average(m => m.WorkingSetMb) - 1) * 100;
            yield return new BenchmarkRow(workload, "working set growth, last third vs middle third", wsGrowth, "%", wsGrowth < 25 ? "bounded (target < 25 %): met" : "target < 25 %: NOT met");
        }

        yield return new BenchmarkRow(workload, "working set, max", r.Memory.Max(m => m.WorkingSetMb), "MB", "ledger + HTTP server + load generator in one process");
        foreach (var sample in r.Memory.Where((_, i) => i % 4 == 0 || i == r.Memory.Count - 1))
        {
            yield return new BenchmarkRow(workload, string.Create(CultureInfo.InvariantCulture, $"memory at {sample.At.TotalSeconds:0.0} s"), sample.WorkingSetMb, "MB working set",
                string.Create(CultureInfo.InvariantCulture, $"GC heap {sample.GcHeapMb:0.0} MB, live managed {sample.ManagedMb:0.0} MB"));
        }
    }
}
