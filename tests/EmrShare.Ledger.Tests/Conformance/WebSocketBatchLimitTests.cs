using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>A batch over WebSocket whose answers pass the response size limit: nothing it created may outlive the lost answer (review C4).</summary>
public sealed class WebSocketBatchLimitTests
{
    [Fact]
    public async Task Subscribe_InBatchAboveResponseLimit_SubscriptionWithdrawn()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var limits = new RpcServerLimits { MaxResponseBytes = 300, MaxSubscriptionsPerConnection = 1 };
        await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(harness.Ledger, limits: limits), FreePort.Next(), TestContext.Current.CancellationToken, limits);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);

        // The genesis block with its 512-hex-digit bloom alone passes 300 bytes: every later answer of the batch is replaced.
        await ws.SendTextAsync("""
            [{"jsonrpc":"2.0","id":1,"method":"eth_getBlockByNumber","params":["0x0",true]},
             {"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]}]
            """);
        var answers = Assert.IsType<JsonArray>(await ws.NextMessageAsync());
        var subscribeAnswer = answers.Single(a => a!["id"]!.GetValue<int>() == 2)!;
        var second = await ws.SendAsync("eth_subscribe", "newHeads");
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));
        var notification = await ws.NextNotificationAsync();

        Assert.Equal(ResponseBudget.ResponseTooLargeCode, subscribeAnswer["error"]!["code"]!.GetValue<int>());
        Assert.Null(subscribeAnswer["result"]);
        // The cap of one subscription still has room: the batch's subscription is gone, not merely unannounced.
        var id = second["result"]?.GetValue<string>() ?? throw new InvalidOperationException(second.ToJsonString());
        Assert.Equal(id, notification["params"]!["subscription"]!.GetValue<string>());
        Assert.Equal(0, ws.Received);
    }
}
