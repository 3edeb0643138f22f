namespace EmrShare.Ledger.Rpc;

/// <summary>
/// What one JSON-RPC client may ask of the node: request size, response size (per answer and per batch, as geth's
/// batch response limit), request rate per client address, and which browser origins may call (CORS; none by default).
/// </summary>
public sealed record RpcServerLimits
{
    public static RpcServerLimits Default { get; } = new();

    /// <summary>Largest request body accepted; larger ones get -32600 "request too large".</summary>
    public long MaxRequestBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Largest response: a single answer above it, and every batch item once the batch has passed it, get -32003 "response too large".</summary>
    public int MaxResponseBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Sustained requests per second per client address (HTTP 429 with -32005 above it); 0 = unlimited. Unlimited in
    /// the library default (in-process tests, benchmarks); the served nodes (<c>emrshare ledger</c>, <c>center serve</c>)
    /// use <see cref="Served"/>.
    /// </summary>
    public int RequestsPerSecond { get; init; }

    /// <summary>Short bursts allowed above <see cref="RequestsPerSecond"/>.</summary>
    public int Burst { get; init; }

    /// <summary>The limits of a node served to other processes: <paramref name="requestsPerSecond"/> per client, bursts of twice that.</summary>
    public static RpcServerLimits Served(int requestsPerSecond = 1000, IReadOnlyList<string>? corsOrigins = null) => new()
    {
        RequestsPerSecond = requestsPerSecond,
        Burst = 2 * requestsPerSecond,
        CorsOrigins = corsOrigins ?? [],
    };

    /// <summary>Browser origins allowed to call (exact <c>scheme://host:port</c>, or <c>*</c>); empty = CORS off, cross-origin requests refused.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Open WebSocket connections served at once (across all clients); an upgrade above it is refused with HTTP 503.</summary>
    public int MaxWebSocketConnections { get; init; } = 100;

    /// <summary>Live <c>eth_subscribe</c> subscriptions on one WebSocket connection; one more is refused with −32005.</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 100;

    /// <summary>
    /// Messages (answers and notifications) waiting to be sent on one WebSocket connection. A client that reads slower
    /// than blocks arrive fills it; the connection is then closed with 1008 (policy violation) rather than growing memory.
    /// </summary>
    public int MaxQueuedWebSocketMessages { get; init; } = 1024;

    /// <summary>How long one WebSocket send may block on a client that does not read before the connection is dropped.</summary>
    public TimeSpan WebSocketSendTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
