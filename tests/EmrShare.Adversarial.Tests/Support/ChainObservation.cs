using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace EmrShare.Adversarial.Tests.Support;

/// <summary>One thing an observer sees on chain: a transaction (sender, recipient, input) or a log (topics, data).</summary>
internal sealed record ChainItem(string Kind, long Block, string TransactionHash, string? From, string? To, IReadOnlyList<string> Words, string Raw);

/// <summary>
/// Everything public on the chain, read over JSON-RPC as any observer would: every transaction with its input
/// split into 32-byte words and every log with its topics and data words.
/// </summary>
internal sealed class ChainObservation
{
    private ChainObservation(IReadOnlyList<ChainItem> items)
    {
        Items = items;
    }

    public IReadOnlyList<ChainItem> Items { get; }

    public static async Task<ChainObservation> ReadAsync(Uri rpcUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var head = Quantity(await CallAsync(http, rpcUrl, "eth_blockNumber", [], ct));
        var items = new List<ChainItem>();
        for (long n = 0; n <= head; n++)
        {
            var block = await CallAsync(http, rpcUrl, "eth_getBlockByNumber", ["0x" + n.ToString("x", CultureInfo.InvariantCulture), true], ct);
            foreach (var tx in block.GetProperty("transactions").EnumerateArray())
            {
                var input = tx.GetProperty("input").GetString()!;
                var words = input.Length > 10 ? Words(input[10..]) : [];
                items.Add(new ChainItem("tx", n, tx.GetProperty("hash").GetString()!, Lower(tx, "from"), Lower(tx, "to"), words, input.ToLowerInvariant()));
            }
        }

        var logs = await CallAsync(http, rpcUrl, "eth_getLogs", [new { fromBlock = "0x0", toBlock = "latest" }], ct);
        foreach (var log in logs.EnumerateArray())
        {
            var topics = log.GetProperty("topics").EnumerateArray().Select(t => t.GetString()![2..].ToLowerInvariant()).ToList();
            var data = log.GetProperty("data").GetString()!;
            // topic 0 is the event signature (public and the same for everyone); the rest are indexed values.
            List<string> words = [.. topics.Skip(1), .. Words(data.Length > 2 ? data[2..] : string.Empty)];
            items.Add(new ChainItem("log", Quantity(log.GetProperty("blockNumber")), log.GetProperty("transactionHash").GetString()!, null, log.GetProperty("address").GetString()!.ToLowerInvariant(),
                words, string.Join(string.Empty, topics) + data.ToLowerInvariant()));
        }

        return new ChainObservation(items);
    }

    /// <summary>Items that mention an address anywhere (as sender, recipient, word or inside raw data).</summary>
    public IReadOnlyList<ChainItem> Mentioning(string address)
    {
        var bare = address.ToLowerInvariant()[2..];
        return [.. Items.Where(i => i.From == "0x" + bare || i.To == "0x" + bare || i.Raw.Contains(bare, StringComparison.Ordinal))];
    }

    private static List<string> Words(string hex)
    {
        var words = new List<string>();
        for (var i = 0; i + 64 <= hex.Length; i += 64)
        {
            words.Add(hex.Substring(i, 64).ToLowerInvariant());
        }

        return words;
    }

    private static string? Lower(JsonElement tx, string name) =>
        tx.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.ToLowerInvariant() : null;

    private static long Quantity(JsonElement value) => long.Parse(value.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri url, string method, object[] parameters, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = parameters }, ct);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return doc.RootElement.GetProperty("result").Clone();
    }
}
