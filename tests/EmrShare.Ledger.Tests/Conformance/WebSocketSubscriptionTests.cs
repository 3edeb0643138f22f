using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>
/// eth_subscribe over WebSocket (issue 18, item 3), with a real <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// against the served ledger: notifications in geth's shape, the logs filter matched as eth_getLogs matches, unsubscribe.
/// </summary>
public sealed partial class WebSocketSubscriptionTests
{
    [GeneratedRegex("^0x[1-9a-f][0-9a-f]*$")]
    private static partial Regex GethId();

    [Fact]
    public async Task NewHeads_TransactionSealed_HeaderEqualsGetBlockByNumber()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var id = (await ws.ResultAsync("eth_subscribe", "newHeads")).GetValue<string>();

        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));
        var notification = await ws.NextNotificationAsync();

        Assert.Matches(GethId(), id);
        Assert.Equal(["jsonrpc", "method", "params"], notification.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("2.0", notification["jsonrpc"]!.GetValue<string>());
        Assert.Equal(["result", "subscription"], notification["params"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(id, notification["params"]!["subscription"]!.GetValue<string>());
        var header = notification["params"]!["result"]!.AsObject();
        var block = (await harness.Rpc.ResultAsync("eth_getBlockByNumber", receipt["blockNumber"]!.GetValue<string>(), false))!.AsObject();
        Assert.Equal(block["hash"]!.GetValue<string>(), header["hash"]!.GetValue<string>());
        Assert.Equal(receipt["blockHash"]!.GetValue<string>(), header["hash"]!.GetValue<string>());
        foreach (var field in new[] { "transactions", "uncles", "size", "totalDifficulty" })
        {
            Assert.False(header.ContainsKey(field), field + " is a body field, not part of geth's header");
        }

        foreach (var (name, value) in header)
        {
            Assert.True(JsonNode.DeepEquals(block[name], value), $"{name}: header {value?.ToJsonString()} vs block {block[name]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task NewHeads_MountedAtRpcPathOfAnotherHost_Served()
    {
        // As center serve mounts it: MapLedgerRpc at /rpc on a host that never called UseWebSockets().
        await using var harness = await LedgerHarness.StartAsync();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapLedgerRpc(harness.Handler, RpcServerLimits.Served(), "/rpc");
        await app.StartAsync(TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(new Uri($"http://127.0.0.1:{port}/rpc"));
        await ws.ResultAsync("eth_subscribe", "newHeads");

        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));

        Assert.Equal(receipt["blockHash"]!.GetValue<string>(), (await ws.NextNotificationAsync())["params"]!["result"]!["hash"]!.GetValue<string>());
        await ws.DisposeAsync();
        await app.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Logs_AddressAndTopicFilter_OnlyMatchingLogsNotified()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probeA = await DeployProbeAsync(harness, nonce: 0);
        var probeB = await DeployProbeAsync(harness, nonce: 1);
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var anchored = LedgerHex.Data(Nethereum.Util.Sha3Keccack.Current.CalculateHash("Anchored(bytes32,address,uint64,bytes32)"u8.ToArray()));
        var filter = new JsonObject { ["address"] = probeA, ["topics"] = new JsonArray(anchored, new JsonArray(LedgerHex.Data(Probe.Id(1)))) };
        var filtered = (await ws.ResultAsync("eth_subscribe", "logs", filter)).GetValue<string>();
        var all = (await ws.ResultAsync("eth_subscribe", "logs", new JsonObject())).GetValue<string>();

        var key = LedgerHarness.Key(0);
        var wanted = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(key, ChainId, 2, probeA, Probe.Anchor(Probe.Id(1), Probe.Id(101)), 200_000));
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(key, ChainId, 3, probeA, Probe.Anchor(Probe.Id(2), Probe.Id(102)), 200_000)); // other topic 1
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(key, ChainId, 4, probeB, Probe.Anchor(Probe.Id(1), Probe.Id(103)), 200_000)); // other address
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(key, ChainId, 5, probeA, Probe.Clear(Probe.Id(1)), 200_000)); // other topic 0

        // Per block, notifications come in subscription order: once the catch-all has the fourth log, every
        // notification of the filtered subscription has arrived too.
        var received = new List<JsonObject>();
        while (received.Count(n => n["params"]!["subscription"]!.GetValue<string>() == all) < 4)
        {
            received.Add(await ws.NextNotificationAsync());
        }

        var matched = received.Where(n => n["params"]!["subscription"]!.GetValue<string>() == filtered).Select(n => n["params"]!["result"]!).ToList();
        var log = Assert.Single(matched);
        var viaGetLogs = (await harness.Rpc.ResultAsync("eth_getLogs", new JsonObject { ["fromBlock"] = "0x0", ["address"] = probeA, ["topics"] = filter["topics"]!.DeepClone() }))!.AsArray();
        Assert.True(JsonNode.DeepEquals(Assert.Single(viaGetLogs), log), $"{log.ToJsonString()} vs {viaGetLogs.ToJsonString()}");
        Assert.Equal(wanted["transactionHash"]!.GetValue<string>(), log["transactionHash"]!.GetValue<string>());
        Assert.False(log["removed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NewPendingTransactions_TransactionSent_HashNotified()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var id = (await ws.ResultAsync("eth_subscribe", "newPendingTransactions")).GetValue<string>();

        var receipt = await harness.Rpc.SendAndWaitAsync(TestTx.Eip1559(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));
        var notification = await ws.NextNotificationAsync();

        Assert.Equal(id, notification["params"]!["subscription"]!.GetValue<string>());
        Assert.Equal(receipt["transactionHash"]!.GetValue<string>(), notification["params"]!["result"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewPendingTransactions_IntervalMining_HashBeforeTheHeadThatSealsIt()
    {
        await using var harness = await LedgerHarness.StartAsync(LedgerOptions.Development(mining: MiningMode.Interval) with { BlockInterval = TimeSpan.FromHours(1) });
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var pending = (await ws.ResultAsync("eth_subscribe", "newPendingTransactions")).GetValue<string>();
        var heads = (await ws.ResultAsync("eth_subscribe", "newHeads")).GetValue<string>();

        var hash = (await ws.ResultAsync("eth_sendRawTransaction", LedgerHex.Data(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1)))).GetValue<string>();
        var first = await ws.NextNotificationAsync();
        var sealedHead = await harness.Ledger.MineAsync(TestContext.Current.CancellationToken);
        var second = await ws.NextNotificationAsync();

        Assert.Equal((pending, hash), (first["params"]!["subscription"]!.GetValue<string>(), first["params"]!["result"]!.GetValue<string>()));
        Assert.Equal((heads, LedgerHex.Data(sealedHead.Hash)), (second["params"]!["subscription"]!.GetValue<string>(), second["params"]!["result"]!["hash"]!.GetValue<string>()));
        Assert.Contains(hash, (await ws.ResultAsync("eth_getBlockByHash", LedgerHex.Data(sealedHead.Hash), false))["transactions"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task Logs_NumericBlockRange_OnlyBlocksInsideReported()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var probe = await DeployProbeAsync(harness);
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var head = harness.Ledger.Head.Number;
        var ranged = (await ws.ResultAsync("eth_subscribe", "logs", new JsonObject { ["address"] = probe, ["fromBlock"] = LedgerHex.Quantity(head + 2), ["toBlock"] = LedgerHex.Quantity(head + 2) })).GetValue<string>();
        var all = (await ws.ResultAsync("eth_subscribe", "logs", new JsonObject { ["address"] = probe })).GetValue<string>();

        for (var i = 0; i < 3; i++)
        {
            await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1 + i, probe, Probe.Anchor(Probe.Id(i), Probe.Id(100 + i)), 200_000));
        }

        var received = new List<JsonObject>();
        while (received.Count(n => n["params"]!["subscription"]!.GetValue<string>() == all) < 3)
        {
            received.Add(await ws.NextNotificationAsync());
        }

        var log = Assert.Single(received, n => n["params"]!["subscription"]!.GetValue<string>() == ranged)["params"]!["result"]!;
        Assert.Equal(LedgerHex.Quantity(head + 2), log["blockNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unsubscribe_Subscription_NoMoreNotifications()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var dropped = (await ws.ResultAsync("eth_subscribe", "newHeads")).GetValue<string>();
        var kept = (await ws.ResultAsync("eth_subscribe", "newHeads")).GetValue<string>();
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));
        Assert.Equal(dropped, (await ws.NextNotificationAsync())["params"]!["subscription"]!.GetValue<string>());
        Assert.Equal(kept, (await ws.NextNotificationAsync())["params"]!["subscription"]!.GetValue<string>());

        Assert.True((await ws.ResultAsync("eth_unsubscribe", dropped)).GetValue<bool>());
        var second = await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 1, LedgerHarness.Account(1), [], 21_000, value: 1));
        var next = await ws.NextNotificationAsync();
        var again = await ws.SendAsync("eth_unsubscribe", dropped);

        // The unsubscribed one came first for every block: had it still been live, it would be this one.
        Assert.Equal(kept, next["params"]!["subscription"]!.GetValue<string>());
        Assert.Equal(second["blockHash"]!.GetValue<string>(), next["params"]!["result"]!["hash"]!.GetValue<string>());
        Assert.Equal(0, ws.Received);
        Assert.Equal(-32000, again["error"]!["code"]!.GetValue<int>());
        Assert.Equal("subscription not found", again["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlainCalls_OverWebSocket_SameAnswersAsHttp()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        await harness.Rpc.SendAndWaitAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, 0, LedgerHarness.Account(1), [], 21_000, value: 1));

        Assert.Equal("0x7a69", (await ws.ResultAsync("eth_chainId")).GetValue<string>());
        Assert.Equal((await harness.Rpc.ResultAsync("eth_blockNumber"))!.GetValue<string>(), (await ws.ResultAsync("eth_blockNumber")).GetValue<string>());
        var block = await ws.ResultAsync("eth_getBlockByNumber", "latest", true);
        Assert.True(JsonNode.DeepEquals(await harness.Rpc.ResultAsync("eth_getBlockByNumber", "latest", true), block));
        await ws.SendTextAsync("""[{"jsonrpc":"2.0","id":"a","method":"eth_chainId"},{"jsonrpc":"2.0","id":"b","method":"net_version"}]""");
        var batch = Assert.IsType<JsonArray>(await ws.NextMessageAsync());
        Assert.Equal(["a:0x7a69", "b:31337"], batch.Select(a => $"{a!["id"]}:{a["result"]}"));
    }

    [Fact]
    public async Task Subscribe_UnknownTypeOrOverHttp_RefusedAsGeth()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);

        var unknown = (await ws.SendAsync("eth_subscribe", "newBlocks"))["error"]!;
        var noName = (await ws.SendAsync("eth_subscribe"))["error"]!;
        var fullPending = (await ws.SendAsync("eth_subscribe", "newPendingTransactions", true))["error"]!;
        var blockHash = (await ws.SendAsync("eth_subscribe", "logs", new JsonObject { ["blockHash"] = LedgerHex.Data(new byte[32]) }))["error"]!;
        var overHttp = await harness.Rpc.ErrorAsync("eth_subscribe", "newHeads");

        Assert.Equal(-32601, unknown["code"]!.GetValue<int>());
        Assert.Equal("no \"newBlocks\" subscription in eth namespace", unknown["message"]!.GetValue<string>());
        Assert.Equal(-32602, noName["code"]!.GetValue<int>());
        Assert.Equal(-32602, fullPending["code"]!.GetValue<int>());
        Assert.Equal(-32602, blockHash["code"]!.GetValue<int>());
        Assert.Equal((-32601, "notifications not supported"), (overHttp.Code, overHttp.Message));
    }
}
