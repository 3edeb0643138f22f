using System.Diagnostics;
using System.Net;
using System.Text;
using EmrShare.Ledger;
using Nethereum.Util;

namespace EmrShare.Bench;

/// <summary>What one driver run measured.</summary>
internal sealed record RpcRunResult(double TransactionsPerSecond, double NodeCpuMsPerTransaction, double DriverCpuShare, bool TimedOut = false);

/// <summary>
/// The independent JSON-RPC driver: the same pre-signed transactions to any node, one <c>eth_sendRawTransaction</c>
/// per HTTP request, one sender loop per account (each waits for its answer before the next, as a nonce-ordered
/// client does), then each sender's last receipt polled until it appears. Kept out of the way: every request body
/// is encoded before timing, connections are kept alive and opened before timing, answers are checked by a byte
/// search, and the driver's own CPU is measured so a run where the driver is the bottleneck shows as one.
/// </summary>
internal sealed class RpcDriver : IDisposable
{
    private static readonly byte[] ErrorMember = "\"error\""u8.ToArray();
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = 64,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromMinutes(5),
    };

    public async Task<RpcRunResult> RunAsync(RpcNode node, LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        var bodies = workload.PerAccount.Select(txs => txs.Select((raw, i) => Body(i, "eth_sendRawTransaction", LedgerHex.Data(raw))).ToList()).ToList();
        var lastReceipts = workload.PerAccount.Select(txs => Body(0, "eth_getTransactionReceipt", Hash(txs[^1]))).ToList();

        // Open one connection per sender before timing.
        await Task.WhenAll(bodies.Select(_ => PostAsync(node.Url, Body(0, "eth_chainId", null), cancellationToken)));
        var self = Process.GetCurrentProcess();
        var driverCpu = self.TotalProcessorTime;
        var nodeCpu = node.ProcessCpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(bodies.Select((senderBodies, sender) => Task.Run(
            async () =>
            {
                foreach (var body in senderBodies)
                {
                    var answer = await PostAsync(node.Url, body, cancellationToken);
                    if (answer.AsSpan().IndexOf(ErrorMember) >= 0)
                    {
                        throw new InvalidOperationException($"{node.Name} refused a transaction: {Encoding.UTF8.GetString(answer)}");
                    }
                }

                while (IsNullResult(await PostAsync(node.Url, lastReceipts[sender], cancellationToken)))
                {
                    await Task.Delay(5, cancellationToken);
                }
            },
            cancellationToken)));
        clock.Stop();
        self.Refresh();
        var driverShare = (self.TotalProcessorTime - driverCpu).TotalSeconds / clock.Elapsed.TotalSeconds;
        var nodeMs = (node.ProcessCpu() - nodeCpu).TotalMilliseconds / workload.Total;
        await VerifyAsync(node, workload, cancellationToken);
        return new RpcRunResult(workload.Total / clock.Elapsed.TotalSeconds, nodeMs, driverShare);
    }

    /// <summary>Every transaction of the run must have a successful receipt (outside the timed part).</summary>
    private async Task VerifyAsync(RpcNode node, LedgerBenchmarkWorkload workload, CancellationToken cancellationToken)
    {
        var failed = 0;
        await Parallel.ForEachAsync(
            workload.PerAccount.SelectMany(t => t),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (raw, ct) =>
            {
                var answer = Encoding.UTF8.GetString(await PostAsync(node.Url, Body(0, "eth_getTransactionReceipt", Hash(raw)), ct));
                if (!answer.Contains("\"status\":\"0x1\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref failed);
                }
            });
        if (failed > 0)
        {
            throw new InvalidOperationException($"{node.Name}: {failed} of {workload.Total} transactions have no successful receipt");
        }
    }

    private async Task<byte[]> PostAsync(Uri url, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static bool IsNullResult(byte[] answer) =>
        answer.AsSpan().IndexOf("\"result\":null"u8) >= 0 || answer.AsSpan().IndexOf("\"result\": null"u8) >= 0;

    private static string Hash(byte[] raw) => LedgerHex.Data(Sha3Keccack.Current.CalculateHash(raw));

    private static byte[] Body(int id, string method, string? parameter) =>
        Encoding.UTF8.GetBytes(parameter is null
            ? $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":[]}}"
            : $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"{method}\",\"params\":[\"{parameter}\"]}}");

    public void Dispose() => _http.Dispose();
}
