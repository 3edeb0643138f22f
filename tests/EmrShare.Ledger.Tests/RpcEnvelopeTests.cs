using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests;

/// <summary>Malformed JSON-RPC input gets the standard error objects (and HTTP 200), never a crash or a 500.</summary>
public sealed class RpcEnvelopeTests
{
    private static int Code(string? response) => JsonNode.Parse(response!)!["error"]!["code"]!.GetValue<int>();

    [Fact]
    public async Task Handle_MalformedJson_ParseError()
    {
        await using var harness = await LedgerHarness.StartAsync();
        Assert.Equal(-32700, Code(await harness.Handler.HandleAsync("{\"jsonrpc\":\"2.0\",", TestContext.Current.CancellationToken)));
        Assert.Equal(-32700, Code(await harness.Handler.HandleAsync("", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Handle_InvalidRequests_InvalidRequestError()
    {
        await using var harness = await LedgerHarness.StartAsync();
        Assert.Equal(-32600, Code(await harness.Handler.HandleAsync("42", TestContext.Current.CancellationToken)));
        Assert.Equal(-32600, Code(await harness.Handler.HandleAsync("[]", TestContext.Current.CancellationToken)));
        Assert.Equal(-32600, Code(await harness.Handler.HandleAsync("{\"jsonrpc\":\"2.0\",\"id\":1}", TestContext.Current.CancellationToken)));
        Assert.Equal(-32600, Code(await harness.Handler.HandleAsync("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_chainId\"}", TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Handle_UnknownMethod_MethodNotFound()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var (code, _, _) = await harness.Rpc.ErrorAsync("eth_mineSomeGold");
        Assert.Equal(-32601, code);
    }

    [Theory]
    [InlineData("eth_getBalance", "[42, \"latest\"]")]
    [InlineData("eth_getBalance", "[\"0x1234\", \"latest\"]")]
    [InlineData("eth_getBlockByNumber", "[\"0xzz\", false]")]
    [InlineData("eth_getBlockByNumber", "[\"latest\", \"yes\"]")]
    [InlineData("eth_getTransactionReceipt", "[\"0x12\"]")]
    [InlineData("eth_sendRawTransaction", "[\"nothex\"]")]
    [InlineData("eth_call", "[\"notanobject\", \"latest\"]")]
    [InlineData("eth_getStorageAt", "[\"0x0000000000000000000000000000000000000001\", {}, \"latest\"]")]
    [InlineData("eth_getLogs", "[{\"topics\": \"x\"}]")]
    [InlineData("eth_getBalance", "{\"address\": 1}")]
    [InlineData("eth_getLogs", "[{\"address\": [1]}]")]
    [InlineData("eth_getLogs", "[{\"topics\": [[true]]}]")]
    [InlineData("eth_feeHistory", "[\"0x0\", \"latest\", []]")]
    [InlineData("eth_newFilter", "[{\"fromBlock\": 5}]")]
    [InlineData("eth_getFilterChanges", "[\"zz\"]")]
    public async Task Handle_WrongParamTypes_InvalidParams(string method, string parameters)
    {
        await using var harness = await LedgerHarness.StartAsync();
        var request = $"{{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"{method}\",\"params\":{parameters}}}";
        var response = JsonNode.Parse((await harness.Handler.HandleAsync(request, TestContext.Current.CancellationToken))!)!;
        Assert.Equal(-32602, response["error"]!["code"]!.GetValue<int>());
        Assert.Equal(7, response["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task Handle_Batch_AnswersEachRequestWithItsId()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var batch = """[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":"b","method":"nope"},{"jsonrpc":"2.0","id":3,"method":"eth_blockNumber","params":[]},{"jsonrpc":"2.0","method":"eth_chainId"}]""";
        var responses = JsonNode.Parse((await harness.Handler.HandleAsync(batch, TestContext.Current.CancellationToken))!)!.AsArray();
        Assert.Equal(3, responses.Count);
        Assert.Equal("0x7a69", responses[0]!["result"]!.GetValue<string>());
        Assert.Equal("b", responses[1]!["id"]!.GetValue<string>());
        Assert.Equal(-32601, responses[1]!["error"]!["code"]!.GetValue<int>());
        Assert.Equal("0x0", responses[2]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task Http_MalformedAndValidRequests_Always200WithJsonRpcBody()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        using var http = new RpcTestClient(server.Endpoint);
        Assert.Equal(-32700, Code(await http.SendRawAsync("not json at all")));
        Assert.Equal(-32601, Code(await http.SendRawAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}")));
        Assert.Equal("EmrShare.Ledger/1.0/nethereum-evm-6.1.0", (await http.ResultAsync("web3_clientVersion"))!.GetValue<string>());
        Assert.Equal("31337", (await http.ResultAsync("net_version"))!.GetValue<string>());
    }

    [Fact]
    public async Task Queries_BlockTagsAndFeeMethods_AnswerLikeGeth()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), 31337, 0, LedgerHarness.Account(3), [], 21_000, value: 5));
        foreach (var tag in new[] { "latest", "pending", "safe", "finalized", "0x1" })
        {
            Assert.Equal("0x1", (await harness.Rpc.ResultAsync("eth_getTransactionCount", LedgerHarness.Account(0), tag))!.GetValue<string>());
        }

        var genesis = (JsonObject)(await harness.Rpc.ResultAsync("eth_getBlockByNumber", "earliest", false))!;
        Assert.Equal("0x0", genesis["number"]!.GetValue<string>());
        Assert.Null(await harness.Rpc.ResultAsync("eth_getBlockByNumber", "0x99", false));
        var (code, _, _) = await harness.Rpc.ErrorAsync("eth_getBalance", LedgerHarness.Account(0), "0x0");
        Assert.Equal(-32000, code);
        var history = (JsonObject)(await harness.Rpc.ResultAsync("eth_feeHistory", "0x2", "latest", new JsonArray(50)))!;
        Assert.Equal("0x0", history["oldestBlock"]!.GetValue<string>());
        Assert.Equal(3, history["baseFeePerGas"]!.AsArray().Count);
        Assert.Equal("0x3b9aca00", (await harness.Rpc.ResultAsync("eth_gasPrice"))!.GetValue<string>());
        Assert.Equal("0x3b9aca00", (await harness.Rpc.ResultAsync("eth_maxPriorityFeePerGas"))!.GetValue<string>());
    }
}
