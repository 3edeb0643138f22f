using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>
/// A JSON-RPC client over a real <see cref="ClientWebSocket"/>: requests are matched to answers by id, notifications
/// (<c>eth_subscription</c>) are kept in arrival order for <see cref="NextNotificationAsync"/>.
/// </summary>
internal sealed class WsRpcTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket;
    private readonly Channel<JsonNode> _inbox = Channel.CreateUnbounded<JsonNode>();
    private readonly Queue<JsonNode> _notifications = new();
    private readonly Task _receiving;
    private int _nextId;

    private WsRpcTestClient(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>How the server closed the connection (null while it is open).</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static Uri WsUrl(Uri http) => new UriBuilder(http) { Scheme = "ws" }.Uri;

    public static async Task<WsRpcTestClient> ConnectAsync(Uri httpEndpoint, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        await socket.ConnectAsync(WsUrl(httpEndpoint), TestContext.Current.CancellationToken);
        return new WsRpcTestClient(socket);
    }

    /// <summary>Sends a request and returns its answer (result or error object), keeping any notification that arrives before it.</summary>
    public async Task<JsonObject> SendAsync(string method, params object?[] parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = JsonSerializerNodes(parameters) };
        await SendTextAsync(request.ToJsonString());
        using var deadline = Timeout();
        while (true)
        {
            var message = await _inbox.Reader.ReadAsync(deadline.Token);
            if (message is JsonObject answer && answer["id"] is JsonValue answerId && answerId.TryGetValue<int>(out var number) && number == id)
            {
                return answer;
            }

            _notifications.Enqueue(message);
        }
    }

    public async Task<JsonNode> ResultAsync(string method, params object?[] parameters)
    {
        var answer = await SendAsync(method, parameters);
        return answer["result"] ?? throw new InvalidOperationException($"{method} failed: {answer.ToJsonString()}");
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, TestContext.Current.CancellationToken);

    /// <summary>The next eth_subscription notification, waiting at most 30 s.</summary>
    public async Task<JsonObject> NextNotificationAsync()
    {
        var message = Assert.IsType<JsonObject>(await NextMessageAsync());
        Assert.Equal("eth_subscription", message["method"]?.GetValue<string>());
        return message;
    }

    /// <summary>The next message not yet read (an answer to <see cref="SendTextAsync"/> or a notification), waiting at most 30 s.</summary>
    public async Task<JsonNode> NextMessageAsync()
    {
        if (_notifications.TryDequeue(out var kept))
        {
            return kept;
        }

        using var deadline = Timeout();
        return await _inbox.Reader.ReadAsync(deadline.Token);
    }

    /// <summary>Waits until the server closes the connection (reading whatever it still sends) and returns its close status.</summary>
    public async Task<WebSocketCloseStatus?> ClosedAsync()
    {
        using var deadline = Timeout();
        await _receiving.WaitAsync(deadline.Token);
        return _socket.CloseStatus;
    }

    /// <summary>Messages received so far and not yet read (notifications included).</summary>
    public int Received => _inbox.Reader.Count + _notifications.Count;

    private static CancellationTokenSource Timeout()
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Deadline);
        return cts;
    }

    private static JsonArray JsonSerializerNodes(object?[] parameters) =>
        new(parameters.Select(p => p switch
        {
            null => null,
            JsonNode node => node.DeepClone(),
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            _ => throw new ArgumentException("unsupported parameter " + p.GetType()),
        }).ToArray());

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    _inbox.Writer.TryWrite(JsonNode.Parse(message.ToArray())!);
                    message.SetLength(0);
                }
            }
        }
        catch (WebSocketException)
        {
            // dropped without a close frame
        }
        finally
        {
            _inbox.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var deadline = Timeout();
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, deadline.Token);
                await _receiving.WaitAsync(deadline.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // the server went first
            }
        }

        _socket.Dispose();
    }
}
