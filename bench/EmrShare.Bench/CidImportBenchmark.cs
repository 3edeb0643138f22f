using System.Diagnostics;
using EmrShare.Storage;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Import;
using EmrShare.Storage.Kubo;
using EmrShare.Storage.Multiformats;
using EmrShare.TestSupport;

namespace EmrShare.Bench;

/// <summary>
/// Suite <c>cid</c>: one file (100 MB; 20 MB with --quick) through the embedded store's Kubo API versus a js-ipfs
/// 0.66.1 daemon, same requests over HTTP: add CIDv1 (raw leaves), add CIDv0 (Kubo's default) and cat; in-process
/// import and hash-only rows for reference. CIDs must be identical. Each round uses fresh content (no deduplication).
/// </summary>
public sealed class CidImportBenchmark : IBenchmarkSuite
{
    /// <summary>Measured rounds: 3, or EMRSHARE_BENCH_CID_ROUNDS (more on a busy machine, to see the spread).</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("EMRSHARE_BENCH_CID_ROUNDS"), out var rounds) && rounds > 0 ? rounds : 3;

    public string Name => "cid";

    public string Title => "Content-addressed import: embedded store vs js-ipfs daemon";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var size = options.Quick ? 20_000_000 : 100_000_000;
        var label = $"{size / 1_000_000} MB file";
        var loadBefore = LoadAverage();
        var directory = Path.Combine(Path.GetTempPath(), "emrshare-bench-cid-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var node = await JsIpfsNode.StartAsync(cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var jsIpfs = new KuboRpcClient(http, node.ApiAddress);
        var hashOnly = new List<double>();
        var embedded = new List<double>();
        var ours = new Dictionary<string, List<double>> { ["add v1"] = [], ["add v0"] = [], ["cat"] = [] };
        var theirs = new Dictionary<string, List<double>> { ["add v1"] = [], ["add v0"] = [], ["cat"] = [] };
        try
        {
            // Round 0 is a small warm-up (JIT, connection pools, the daemon's first add) and is not recorded.
            for (var round = -1; round < Rounds; round++)
            {
                var measured = round >= 0;
                var data = new byte[measured ? size : 4_000_000];
                new Random(1000 + round).NextBytes(data);
                List<double> Record(List<double> list) => measured ? list : [];

                var expected = await Measure(Record(hashOnly), data.Length, () => HashOnlyAsync(data, cancellationToken));
                using (var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(directory, $"direct{round}.db")), null, cancellationToken))
                {
                    Same(expected, await Measure(Record(embedded), data.Length, () => store.PutAsync(new MemoryStream(data), PutOptions.Default, cancellationToken)), "embedded store");
                }

                // Over HTTP, the same requests to both: add CIDv1 (raw leaves), add CIDv0 (Kubo's default), cat.
                using var httpStore = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(directory, $"http{round}.db")), null, cancellationToken);
                await using var server = await KuboApiServer.StartAdminAsync(httpStore, 0, KuboAdminApiOptions.LoopbackOnly, cancellationToken);
                Cid? firstV0 = null;
                foreach (var (who, client, results) in new[] { ("embedded store via its Kubo API", new KuboRpcClient(http, server.Address), ours), ("js-ipfs", jsIpfs, theirs) })
                {
                    Same(expected, await Measure(Record(results["add v1"]), data.Length, async () => (await client.AddAsync(new MemoryStream(data), 1, true, cancellationToken)).Cid), who);
                    var v0 = await Measure(Record(results["add v0"]), data.Length, async () => (await client.AddAsync(new MemoryStream(data), 0, true, cancellationToken)).Cid);
                    Same(expected, await Measure(Record(results["cat"]), data.Length, () => CatAsync(client, expected, data.Length, cancellationToken)), who + " cat");
                    if (firstV0 is { } ourV0)
                    {
                        Same(ourV0, v0, who + " CIDv0");
                    }

                    firstV0 = v0;
                }

                if (measured)
                {
                    Console.WriteLine($"round {round + 1}: embedded {embedded[^1]:0.0} MB/s; HTTP add v1 {ours["add v1"][^1]:0.0} vs {theirs["add v1"][^1]:0.0}, add v0 {ours["add v0"][^1]:0.0} vs {theirs["add v0"][^1]:0.0}, cat {ours["cat"][^1]:0.0} vs {theirs["cat"][^1]:0.0} MB/s");
                }
            }
        }
        finally
        {
            TryDelete(directory);
        }

        var note = $"median of {Rounds} rounds; identical CIDs asserted; load average {loadBefore} before, {LoadAverage()} after";
        var rows = new List<BenchmarkRow>
        {
            new(label, "CID only (hash + DAG, no storage)", Median(hashOnly), "MB/s", note),
            new(label, "EmrShare embedded store (SQLite, in process)", Median(embedded), "MB/s", note),
        };
        foreach (var operation in ours.Keys)
        {
            rows.Add(new(label, $"HTTP {operation}: EmrShare embedded store via its Kubo API", Median(ours[operation]), "MB/s", note));
            rows.Add(new(label, $"HTTP {operation}: js-ipfs 0.66.1 daemon", Median(theirs[operation]), "MB/s", note));
            var perRound = string.Join(", ", ours[operation].Zip(theirs[operation], (o, t) => (o / t).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
            rows.Add(new(label, $"HTTP {operation}: ratio embedded / js-ipfs", Median(ours[operation]) / Median(theirs[operation]), "×", $"target ≥ 3×; rounds {perRound}"));
        }

        return rows;
    }

    /// <summary>Reads a whole file back with <c>cat</c>, checking the length; returns the CID so Measure can time it.</summary>
    private static async Task<Cid> CatAsync(KuboRpcClient client, Cid cid, int expectedLength, CancellationToken cancellationToken)
    {
        await using var stream = await client.CatAsync(cid, cancellationToken);
        var buffer = new byte[262_144];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total == expectedLength ? cid : throw new InvalidOperationException($"cat returned {total} bytes, expected {expectedLength}");
    }

    private static async Task<Cid> HashOnlyAsync(byte[] data, CancellationToken cancellationToken) =>
        (await UnixFsImporter.ImportAsync(new MemoryStream(data), 1, NullBlockSink.Instance, null, cancellationToken)).Root;

    private static async Task<Cid> Measure(List<double> results, int size, Func<Task<Cid>> action)
    {
        // Flush the previous contender's dirty pages first, so nobody pays for someone else's writeback.
        await FlushFileSystemAsync();
        var watch = Stopwatch.StartNew();
        var cid = await action();
        results.Add(size / 1_000_000.0 / watch.Elapsed.TotalSeconds);
        return cid;
    }

    private static async Task FlushFileSystemAsync()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        if (sync is not null)
        {
            await sync.WaitForExitAsync();
        }
    }

    private static void Same(Cid expected, Cid actual, string who)
    {
        if (!expected.Equals(actual))
        {
            throw new InvalidOperationException($"{who} produced {actual}, expected {expected}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>The 1-minute load average (Linux), so a run on a busy machine says so.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
