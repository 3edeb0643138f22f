using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;

namespace EmrShare.Ledger.Tests.Clients;

/// <summary>
/// eth_subscribe through the two client libraries dapps use, ethers 6.17.0 and viem 2.57.20 (pinned in package.json),
/// run by the pinned Node against the served embedded ledger (issue 18, item 3): each must receive every head, the
/// pending hash of a transaction, and only the log its filter selects.
/// </summary>
public sealed class WebSocketClientLibraryTests
{
    [Fact]
    public async Task EthersAndViem_SubscribeOverWebSocket_EveryHeadPendingHashAndOnlyFilteredLog()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        var probe = Path.Combine(AppContext.BaseDirectory, "Contracts", "LedgerProbe.json");

        var output = await NodeScript.RunAsync(
            Path.Combine("tests", "EmrShare.Ledger.Tests", "Clients", "ws-subscriptions.mjs"),
            [WsRpcTestClient.WsUrl(server.Endpoint).ToString(), probe],
            TimeSpan.FromMinutes(2),
            TestContext.Current.CancellationToken);

        var result = JsonNode.Parse(output.Last(line => line.StartsWith('{')))!;
        var first = result["firstBlock"]!.GetValue<int>();
        var last = result["lastBlock"]!.GetValue<int>();
        var tx = result["tx"]!.GetValue<string>();
        Assert.Equal(first + 5, last); // two deployments and four calls, one block each
        var txBlock = await harness.Rpc.ResultAsync("eth_getTransactionReceipt", tx);
        Assert.Equal(txBlock!["blockHash"]!.GetValue<string>(), result["txBlockHash"]!.GetValue<string>());
        foreach (var library in new[] { "ethers", "viem" })
        {
            var seen = result[library]!;
            Assert.Equal(Enumerable.Range(first, last - first + 1), seen["heads"]!.AsArray().Select(n => n!.GetValue<int>()));
            Assert.True(seen["pendingHasTx"]!.GetValue<bool>(), library + " did not see the transaction as pending");
            Assert.Equal([tx], seen["logs"]!.AsArray().Select(h => h!.GetValue<string>()));
        }
    }
}
