using System.Text;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Bench;

/// <summary>Minimal JSON-RPC client for the ledger benchmark (HTTP or an in-process handler).</summary>
internal sealed class BenchRpc
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly Uri? _url;
    private readonly IRpcHandler? _handler;
    private int _id;

    public BenchRpc(Uri url)
    {
        _url = url;
    }

    public BenchRpc(IRpcHandler handler)
    {
        _handler = handler;
    }

    public async Task<JsonNode?> CallAsync(string method, JsonArray parameters, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = method, ["params"] = parameters }.ToJsonString();
        var text = await PostAsync(body, cancellationToken);
        var json = JsonNode.Parse(text)!;
        if (json["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return json["result"];
    }

    private async Task<string> PostAsync(string body, CancellationToken cancellationToken)
    {
        if (_handler is not null)
        {
            return await _handler.HandleAsync(body, cancellationToken) ?? "{}";
        }

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(_url, content, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public async Task<string> SendRawAsync(byte[] raw, CancellationToken cancellationToken) =>
        (await CallAsync("eth_sendRawTransaction", new JsonArray(LedgerHex.Data(raw)), cancellationToken))!.GetValue<string>();

    /// <summary>One JSON-RPC batch of eth_sendRawTransaction; every item must be accepted. Returns the last hash.</summary>
    public async Task<string> SendRawBatchAsync(IReadOnlyList<byte[]> raws, CancellationToken cancellationToken)
    {
        var batch = new JsonArray();
        foreach (var raw in raws)
        {
            batch.Add(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = Interlocked.Increment(ref _id), ["method"] = "eth_sendRawTransaction", ["params"] = new JsonArray(LedgerHex.Data(raw)) });
        }

        var text = await PostAsync(batch.ToJsonString(), cancellationToken);
        var responses = JsonNode.Parse(text) as JsonArray ?? throw new InvalidOperationException("batch answered with " + text[..Math.Min(200, text.Length)]);
        string? last = null;
        foreach (var response in responses)
        {
            if (response?["error"] is JsonObject error)
            {
                throw new InvalidOperationException("eth_sendRawTransaction (batch): " + error.ToJsonString());
            }

            last = response?["result"]?.GetValue<string>();
        }

        if (last is null || responses.Count != raws.Count)
        {
            throw new InvalidOperationException($"batch of {raws.Count} answered with {responses.Count} responses");
        }

        // Responses may come in any order (JSON-RPC allows it); the last transaction's hash is what we wait for.
        return LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(raws[^1]));
    }

    public async Task WaitForReceiptAsync(string hash, CancellationToken cancellationToken)
    {
        while ((await CallAsync("eth_getTransactionReceipt", new JsonArray(hash), cancellationToken)) is null)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public async Task SendAndWaitAsync(byte[] raw, CancellationToken cancellationToken) =>
        await WaitForReceiptAsync(await SendRawAsync(raw, cancellationToken), cancellationToken);
}
