using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>Raw JSON-RPC calls (in-process handler or HTTP URL) so tests see exact codes, messages and shapes.</summary>
internal sealed class RpcTestClient : IDisposable
{
    private readonly IRpcHandler? _handler;
    private readonly HttpClient? _http;
    private readonly Uri? _url;
    private int _id;

    public RpcTestClient(IRpcHandler handler)
    {
        _handler = handler;
    }

    public RpcTestClient(Uri url)
    {
        _url = url;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<JsonObject> SendAsync(string method, params object?[] parameters)
    {
        var request = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Interlocked.Increment(ref _id),
            ["method"] = method,
            ["params"] = new JsonArray(parameters.Select(ToNode).ToArray()),
        };
        var text = await SendRawAsync(request.ToJsonString());
        return (JsonObject)JsonNode.Parse(text!)!;
    }

    public async Task<string?> SendRawAsync(string body)
    {
        if (_handler is not null)
        {
            return await _handler.HandleAsync(body, TestContext.Current.CancellationToken);
        }

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await _http!.PostAsync(_url, content, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public async Task<JsonNode?> ResultAsync(string method, params object?[] parameters)
    {
        var response = await SendAsync(method, parameters);
        if (response["error"] is JsonObject error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response["result"];
    }

    public async Task<(int Code, string Message, string? Data)> ErrorAsync(string method, params object?[] parameters)
    {
        var response = await SendAsync(method, parameters);
        var error = response["error"] as JsonObject ?? throw new InvalidOperationException($"{method} unexpectedly succeeded: {response.ToJsonString()}");
        return (error["code"]!.GetValue<int>(), error["message"]!.GetValue<string>(), error["data"]?.GetValue<string>());
    }

    public async Task<JsonObject> SendAndWaitAsync(byte[] raw)
    {
        // Hardhat mines a reverting transaction but also answers eth_sendRawTransaction with the revert error
        // (throwOnTransactionFailures), so the receipt is looked up by the locally computed hash either way.
        var hash = LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash(raw));
        var sent = await SendAsync("eth_sendRawTransaction", LedgerHex.Data(raw));
        var error = sent["error"] as JsonObject;
        if (error is not null && error["code"]!.GetValue<int>() == -32000 && error["data"]?["txHash"] is null)
        {
            throw new InvalidOperationException("eth_sendRawTransaction rejected: " + error.ToJsonString());
        }

        for (var attempt = 0; attempt < 2000; attempt++)
        {
            if (await ResultAsync("eth_getTransactionReceipt", hash) is JsonObject receipt)
            {
                return receipt;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no receipt for {hash} (send answered {sent.ToJsonString()})");
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        _ => throw new ArgumentException("unsupported param " + value.GetType()),
    };

    public void Dispose() => _http?.Dispose();
}
