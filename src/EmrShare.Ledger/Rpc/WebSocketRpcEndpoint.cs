using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// JSON-RPC over WebSocket on the same path as the HTTP endpoint (a GET with <c>Upgrade: websocket</c>; geth uses a
/// separate port, clients only need the <c>ws://</c> URL). The upgrade passes the same CORS policy (an <c>Origin</c>
/// not configured is refused with 403) and rate limit as HTTP; connections above
/// <see cref="RpcServerLimits.MaxWebSocketConnections"/> are refused with 503. Works on any host: the upgrade
/// feature is installed here, the host need not call <c>UseWebSockets()</c>.
/// </summary>
internal sealed class WebSocketRpcEndpoint
{
    private readonly IRpcHandler _handler;
    private readonly RpcServerLimits _limits;
    private readonly CorsPolicy _cors;
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private readonly WebSocketMiddleware _upgrade;
    private int _connections;

    public WebSocketRpcEndpoint(IRpcHandler handler, RpcServerLimits limits, CorsPolicy cors, PartitionedRateLimiter<IPAddress>? limiter)
    {
        _handler = handler;
        _limits = limits;
        _cors = cors;
        _limiter = limiter;
        _upgrade = new WebSocketMiddleware(AcceptAsync, Options.Create(new WebSocketOptions()), NullLoggerFactory.Instance);
    }

    public Task ServeAsync(HttpContext context) => _cors.Allows(context) ? _upgrade.Invoke(context) : Task.CompletedTask;

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST, OPTIONS";
            return;
        }

        var client = context.Connection.RemoteIpAddress ?? IPAddress.None;
        if (!Admit(client))
        {
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, LedgerRpcEndpoints.RateLimitedCode, RateLimitMessage).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _connections) > _limits.MaxWebSocketConnections)
        {
            Interlocked.Decrement(ref _connections);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, LedgerRpcEndpoints.RateLimitedCode, $"too many WebSocket connections (max {_limits.MaxWebSocketConnections})").ConfigureAwait(false);
            return;
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var connection = new WebSocketRpcConnection(socket, _handler, _limits, text => Admit(client) ? null : RateLimited(text));
            var stopping = context.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            await connection.RunAsync(stopping, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _connections);
        }
    }

    private string RateLimitMessage => $"rate limit exceeded: at most {_limits.RequestsPerSecond} requests per second per client";

    private bool Admit(IPAddress client)
    {
        using var lease = _limiter?.AttemptAcquire(client);
        return lease is null or { IsAcquired: true };
    }

    /// <summary>The refusal of a rate-limited message, carrying its id when it is a single request.</summary>
    private string RateLimited(string text)
    {
        JsonNode? id = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject request && request["id"] is JsonValue value)
            {
                id = value.DeepClone();
            }
        }
        catch (JsonException)
        {
            // not JSON: answered with a null id
        }

        return LedgerRpcHandler.Error(id, LedgerRpcEndpoints.RateLimitedCode, RateLimitMessage).ToJsonString();
    }

    private static Task RefuseAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(LedgerRpcHandler.Error(null, code, message).ToJsonString(), context.RequestAborted);
    }
}
