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
/// Suite <c>cid</c>: import throughput of one file (100 MB; 20 MB with --quick) into the embedded store versus a
/// js-ipfs 0.66.1 daemon's <c>/api/v0/add?cid-version=1&amp;raw-leaves=true</c>, side by side, same bytes, and
/// the CIDs must be identical. Each round uses fresh content so neither side can deduplicate.
/// </summary>
public sealed class CidImportBenchmark : IBenchmarkSuite
{
    private const int Rounds = 3;

    public string Name => "cid";

    public string Title => "Content-addressed import: embedded store vs js-ipfs daemon";

    public async Task<IReadOnlyList<BenchmarkRow>> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var size = options.Quick ? 20_000_000 : 100_000_000;
        var label = $"import {size / 1_000_000} MB (CIDv1, raw leaves)";
        var directory = Path.Combine(Path.GetTempPath(), "emrshare-bench-cid-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var node = await JsIpfsNode.StartAsync(cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var jsIpfs = new KuboRpcClient(http, node.ApiAddress);
        var hashOnly = new List<double>();
        var embedded = new List<double>();
        var embeddedHttp = new List<double>();
        var reference = new List<double>();
        try
        {
            // Round 0 is a small warm-up (JIT, connection pools, the daemon's first add) and is not recorded.
            for (var round = -1; round < Rounds; round++)
            {
                var measured = round >= 0;
                var data = new byte[measured ? size : 4_000_000];
                new Random(1000 + round).NextBytes(data);

                var expected = await Measure(measured ? hashOnly : [], data.Length, () => HashOnlyAsync(data, cancellationToken));

                using (var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(directory, $"direct{round}.db")), null, cancellationToken))
                {
                    var cid = await Measure(measured ? embedded : [], data.Length, () => store.PutAsync(new MemoryStream(data), PutOptions.Default, cancellationToken));
                    Same(expected, cid, "embedded store");
                }

                using (var store = await SqliteBlobStore.OpenAsync(new EmbeddedStoreOptions(Path.Combine(directory, $"http{round}.db")), null, cancellationToken))
                await using (var server = await KuboApiServer.StartAdminAsync(store, 0, KuboAdminApiOptions.LoopbackOnly, cancellationToken))
                {
                    var client = new KuboRpcClient(http, server.Address);
                    var cid = await Measure(measured ? embeddedHttp : [], data.Length, async () => (await client.AddAsync(new MemoryStream(data), 1, true, cancellationToken)).Cid);
                    Same(expected, cid, "embedded store behind its Kubo API");
                }

                var theirs = await Measure(measured ? reference : [], data.Length, async () => (await jsIpfs.AddAsync(new MemoryStream(data), 1, true, cancellationToken)).Cid);
                Same(expected, theirs, "js-ipfs");
                if (!measured)
                {
                    continue;
                }

                Console.WriteLine($"round {round + 1}: {expected} embedded {embedded[^1]:0.0} MB/s, via HTTP {embeddedHttp[^1]:0.0} MB/s, js-ipfs {reference[^1]:0.0} MB/s");
            }
        }
        finally
        {
            TryDelete(directory);
        }

        var note = $"median of {Rounds} rounds; identical CIDs asserted";
        return
        [
            new BenchmarkRow(label, "CID only (hash + DAG, no storage)", Median(hashOnly), "MB/s", note),
            new BenchmarkRow(label, "EmrShare embedded store (SQLite, in process)", Median(embedded), "MB/s", note),
            new BenchmarkRow(label, "EmrShare embedded store via its Kubo API (HTTP add)", Median(embeddedHttp), "MB/s", note),
            new BenchmarkRow(label, "js-ipfs 0.66.1 daemon (HTTP /api/v0/add)", Median(reference), "MB/s", note),
            new BenchmarkRow(label, "ratio embedded / js-ipfs", Median(embedded) / Median(reference), "×", "target ≥ 3×"),
            new BenchmarkRow(label, "ratio embedded via HTTP / js-ipfs", Median(embeddedHttp) / Median(reference), "×", "same transport as js-ipfs"),
        ];
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
