using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.Ledger.Rpc;
using EmrShare.Ledger.Tests.TestKit;
using EmrShare.TestSupport;
using static EmrShare.Ledger.Tests.Conformance.ConformanceKit;

namespace EmrShare.Ledger.Tests.Conformance;

/// <summary>What one WebSocket client may cost the node: origins, connections, subscriptions, message size, a client that does not read.</summary>
public sealed class WebSocketLimitsTests
{
    [Fact]
    public async Task Upgrade_OriginNotConfigured_Refused403()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var closed = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var open = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { CorsOrigins = ["http://dapp.test"] });

        Assert.Equal(HttpStatusCode.Forbidden, await RefusedStatusAsync(closed.Endpoint, "http://dapp.test"));
        Assert.Equal(HttpStatusCode.Forbidden, await RefusedStatusAsync(open.Endpoint, "http://evil.test"));
        await using var allowed = await WsRpcTestClient.ConnectAsync(open.Endpoint, origin: "http://dapp.test");
        Assert.Equal("0x7a69", (await allowed.ResultAsync("eth_chainId")).GetValue<string>());
    }

    [Fact]
    public async Task Server_Stopping_ClosesConnectionsGoingAway()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken);
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        await ws.ResultAsync("eth_subscribe", "newHeads");

        await server.DisposeAsync();

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await ws.ClosedAsync());
    }

    [Fact]
    public async Task Subscribe_AboveTheCap_RefusedLimitExceeded()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { MaxSubscriptionsPerConnection = 2 });
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        var first = (await ws.ResultAsync("eth_subscribe", "newHeads")).GetValue<string>();
        await ws.ResultAsync("eth_subscribe", "newPendingTransactions");

        var third = (await ws.SendAsync("eth_subscribe", "newHeads"))["error"]!;
        await ws.ResultAsync("eth_unsubscribe", first);
        var afterUnsubscribe = await ws.SendAsync("eth_subscribe", "newHeads");

        Assert.Equal(-32005, third["code"]!.GetValue<int>());
        Assert.Contains("at most 2", third["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(afterUnsubscribe["result"]);
    }

    [Fact]
    public async Task Connect_AboveTheCap_Refused503UntilOneCloses()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { MaxWebSocketConnections = 1 });
        var first = await WsRpcTestClient.ConnectAsync(server.Endpoint);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RefusedStatusAsync(server.Endpoint, null));
        await first.DisposeAsync();
        await using var next = await ConnectWhenAdmittedAsync(server.Endpoint);
        Assert.Equal("0x7a69", (await next.ResultAsync("eth_chainId")).GetValue<string>());
    }

    [Fact]
    public async Task Message_AboveTheSizeLimit_Closed1009()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { MaxRequestBytes = 1024 });
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);
        Assert.Equal("0x7a69", (await ws.ResultAsync("eth_chainId")).GetValue<string>());

        await ws.SendTextAsync($$"""{"jsonrpc":"2.0","id":1,"method":"eth_call","params":[{"data":"0x{{new string('0', 4096)}}"}]}""");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await ws.ClosedAsync());
    }

    [Fact]
    public async Task Messages_MoreThanTheRate_AnsweredRateLimitedWithTheirIds()
    {
        await using var harness = await LedgerHarness.StartAsync();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, FreePort.Next(), TestContext.Current.CancellationToken, new RpcServerLimits { RequestsPerSecond = 1, Burst = 1 });
        await using var ws = await WsRpcTestClient.ConnectAsync(server.Endpoint);

        // The upgrade takes the one token; 20 messages would have to take over 20 s for none to be refused.
        var answers = new List<JsonObject>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await ws.SendAsync("eth_blockNumber"));
        }

        var refused = answers.Where(a => a["error"] is not null).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a => Assert.Equal(-32005, a["error"]!["code"]!.GetValue<int>()));

        // The connection stays usable: once a token has refilled, the next message is answered.
        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        Assert.NotNull((await ws.SendAsync("eth_blockNumber"))["result"]);
    }

    [Fact]
    public async Task SlowConsumer_NotReading_Closed1008WithBoundedQueue()
    {
        await using var harness = await LedgerHarness.StartAsync();
        var port = FreePort.Next();
        await using var server = await LedgerHttpServer.StartAsync(harness.Handler, port, TestContext.Current.CancellationToken, new RpcServerLimits { MaxQueuedWebSocketMessages = 4, WebSocketSendTimeout = TimeSpan.FromMinutes(2) });
        using var ws = await ConnectWithSmallReceiveBufferAsync(port);
        const int Subscriptions = 100;
        for (var i = 0; i < Subscriptions; i++)
        {
            await SendTextAsync(ws, """{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}""");
            Assert.NotNull(JsonNode.Parse(await ReceiveTextAsync(ws))!["result"]);
        }

        // The client stops reading while blocks are sealed (100 headers each, about 13 MB in all): the socket
        // buffers fill, then the 4-block queue.
        const int Blocks = 100;
        for (var nonce = 0; nonce < Blocks; nonce++)
        {
            await harness.Ledger.SendRawTransactionAsync(TestTx.Legacy(LedgerHarness.Key(0), ChainId, nonce, LedgerHarness.Account(1), [], 21_000, value: 1), TestContext.Current.CancellationToken);
        }

        var notified = 0;
        while (true)
        {
            var text = await ReceiveTextAsync(ws);
            if (text.Length == 0)
            {
                break;
            }

            notified++;
        }

        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, TestContext.Current.CancellationToken);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, ws.CloseStatus);
        Assert.Contains("slow consumer", ws.CloseStatusDescription, StringComparison.Ordinal);
        Assert.True(notified < Blocks * Subscriptions, $"all {Blocks * Subscriptions} notifications were kept for a client that did not read");
    }

    /// <summary>The server frees a slot once it has seen the close: retried with a deadline, never assumed immediate.</summary>
    private static async Task<WsRpcTestClient> ConnectWhenAdmittedAsync(Uri endpoint)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await WsRpcTestClient.ConnectAsync(endpoint);
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
            }
        }
    }

    private static async Task<HttpStatusCode> RefusedStatusAsync(Uri endpoint, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WsRpcTestClient.WsUrl(endpoint), TestContext.Current.CancellationToken));
        return socket.HttpStatusCode;
    }

    /// <summary>A WebSocket over a socket whose receive buffer is tiny, so a client that stops reading backs up quickly.</summary>
    private static async Task<WebSocket> ConnectWithSmallReceiveBufferAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
        await socket.ConnectAsync(IPAddress.Loopback, port, TestContext.Current.CancellationToken);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var handshake = $"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake), TestContext.Current.CancellationToken);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one, TestContext.Current.CancellationToken));
            head.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", head.ToString(), StringComparison.Ordinal);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false });
    }

    private static Task SendTextAsync(WebSocket ws, string text) =>
        ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);

    /// <summary>The next text message, or "" once the server closed.</summary>
    private static async Task<string> ReceiveTextAsync(WebSocket ws)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await ws.ReceiveAsync(buffer, deadline.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return string.Empty;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
