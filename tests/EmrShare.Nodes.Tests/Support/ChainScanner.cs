using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>Reads every block (with full transactions) and every log of a chain as raw JSON-RPC text.</summary>
internal static class ChainScanner
{
    public static async Task<string> DumpAsync(Uri rpcUrl, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var latest = await CallAsync(http, rpcUrl, "eth_blockNumber", [], ct);
        var height = long.Parse(latest.GetString()!.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        for (long n = 0; n <= height; n++)
        {
            var block = await CallAsync(http, rpcUrl, "eth_getBlockByNumber", ["0x" + n.ToString("x", CultureInfo.InvariantCulture), true], ct);
            text.Append(block.GetRawText());
        }

        var logs = await CallAsync(http, rpcUrl, "eth_getLogs", [new { fromBlock = "0x0", toBlock = "latest" }], ct);
        text.Append(logs.GetRawText());
        return text.ToString().ToLowerInvariant();
    }

    public static string Hex(string utf8) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(utf8));

    private static async Task<JsonElement> CallAsync(HttpClient http, Uri url, string method, object[] parameters, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, new { jsonrpc = "2.0", id = 1, method, @params = parameters }, ct);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        return doc.RootElement.GetProperty("result").Clone();
    }

    /// <summary>Moves the node's clock forward (Hardhat's evm_increaseTime + evm_mine).</summary>
    public static async Task AdvanceTimeAsync(Uri rpcUrl, TimeSpan by, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await CallAsync(http, rpcUrl, "evm_increaseTime", [(long)by.TotalSeconds], ct);
        await CallAsync(http, rpcUrl, "evm_mine", [], ct);
    }
}
