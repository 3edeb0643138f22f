using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>
/// Reads what anyone with chain access can see — every block with full transactions, every log and (on the
/// embedded ledger, which can list them) every contract storage slot — as lowercase text to search for PHI.
/// </summary>
internal static class ChainScanner
{
    /// <summary>Blocks and logs of any JSON-RPC node, as one lowercase text.</summary>
    public static async Task<string> DumpAsync(Uri rpcUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var dump = await DumpAsync((method, parameters) => CallAsync(http, rpcUrl, method, parameters, ct));
        return dump.Transactions + dump.Logs;
    }

    /// <summary>Blocks and logs through the ledger's own JSON-RPC handler, plus every storage slot of its state.</summary>
    public static async Task<ChainDump> DumpAsync(EmbeddedLedger ledger, CancellationToken ct)
    {
        var handler = new LedgerRpcHandler(ledger);
        var dump = await DumpAsync(async (method, parameters) =>
        {
            var response = await handler.HandleAsync(JsonSerializer.Serialize(new { jsonrpc = "2.0", id = 1, method, @params = parameters }), ct);
            using var doc = JsonDocument.Parse(response!);
            return doc.RootElement.GetProperty("result").Clone();
        });
        var storage = new StringBuilder();
        foreach (var account in ledger.ListStorage().GroupBy(e => e.Address))
        {
            foreach (var entry in account)
            {
                storage.Append(account.Key).Append(' ').Append(Convert.ToHexStringLower(entry.Slot)).Append(' ').AppendLine(Convert.ToHexStringLower(entry.Value));
            }

            // Consecutive words too, so a value stored across two slots (a long string) is still one needle.
            storage.AppendLine(string.Concat(account.Select(e => Convert.ToHexStringLower(e.Value))));
        }

        return dump with { Storage = storage.ToString() };
    }

    /// <summary>Every form a value could take on chain: UTF-8 text and its hex; for a CID also its binary form and its SHA-256 digest.</summary>
    public static IReadOnlyList<string> Needles(IEnumerable<string> texts, IEnumerable<string> cids)
    {
        var needles = new List<string>();
        foreach (var text in texts.Concat(cids))
        {
            needles.Add(text.ToLowerInvariant());
            needles.Add(Hex(text));
        }

        foreach (var cid in cids)
        {
            var parsed = Storage.Multiformats.Cid.Parse(cid);
            needles.Add(Convert.ToHexStringLower(parsed.Bytes));
            needles.Add(Convert.ToHexStringLower(parsed.Digest));
        }

        return needles;
    }

    public static string Hex(string utf8) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(utf8));

    /// <summary>Moves the node's clock forward (Hardhat's evm_increaseTime + evm_mine).</summary>
    public static async Task AdvanceTimeAsync(Uri rpcUrl, TimeSpan by, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await CallAsync(http, rpcUrl, "evm_increaseTime", [(long)by.TotalSeconds], ct);
        await CallAsync(http, rpcUrl, "evm_mine", [], ct);
    }

    private static async Task<ChainDump> DumpAsync(Func<string, object[], Task<JsonElement>> call)
    {
        var latest = await call("eth_blockNumber", []);
        var height = long.Parse(latest.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var blocks = new StringBuilder();
        for (long n = 0; n <= height; n++)
        {
            var block = await call("eth_getBlockByNumber", ["0x" + n.ToString("x", CultureInfo.InvariantCulture), true]);
            blocks.Append(block.GetRawText());
        }

        var logs = await call("eth_getLogs", [new { fromBlock = "0x0", toBlock = "latest" }]);
        return new ChainDump(blocks.ToString().ToLowerInvariant(), logs.GetRawText().ToLowerInvariant(), string.Empty);
    }

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri url, string method, object[] parameters, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = parameters }, ct);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return doc.RootElement.GetProperty("result").Clone();
    }
}

/// <summary>Lowercase text of the chain's transactions (blocks with full transactions), logs and storage slots.</summary>
internal sealed record ChainDump(string Transactions, string Logs, string Storage)
{
    /// <summary>The needles found in any part, each with where it was found.</summary>
    public IReadOnlyList<string> Find(IEnumerable<string> needles) =>
        [.. needles.SelectMany(n => new[] { ("transactions", Transactions), ("logs", Logs), ("storage", Storage) }
            .Where(part => part.Item2.Contains(n, StringComparison.Ordinal))
            .Select(part => $"{n} in {part.Item1}"))];
}
