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
        string text;
        if (_handler is not null)
        {
            text = await _handler.HandleAsync(body, cancellationToken) ?? "{}";
        }
        else
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await Http.PostAsync(_url, content, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        var json = JsonNode.Parse(text)!;
        if (json["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        }

        return json["result"];
    }

    public async Task<string> SendRawAsync(byte[] raw, CancellationToken cancellationToken) =>
        (await CallAsync("eth_sendRawTransaction", new JsonArray(LedgerHex.Data(raw)), cancellationToken))!.GetValue<string>();

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
