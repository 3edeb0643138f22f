using System.Net;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmrShare.Ledger.Rpc;

/// <summary>
/// The ledger's JSON-RPC as endpoints any ASP.NET Core host can mount (<see cref="MapLedgerRpc"/>): HTTP POST with
/// a request size cap, a per-client-address rate limit (HTTP 429, -32005) and CORS that is off unless origins
/// are configured (a request from any other origin is refused with 403, preflight included); on the same path,
/// JSON-RPC over WebSocket with <c>eth_subscribe</c> (<see cref="WebSocketRpcEndpoint"/>).
/// </summary>
public static class LedgerRpcEndpoints
{
    public const int RateLimitedCode = -32005;

    public static IEndpointConventionBuilder MapLedgerRpc(this IEndpointRouteBuilder endpoints, IRpcHandler handler, RpcServerLimits? limits = null, string pattern = "/")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        limits ??= RpcServerLimits.Default;
        var limiter = CreateLimiter(limits);
        var cors = new CorsPolicy(limits.CorsOrigins);
        var group = endpoints.MapGroup(pattern);
        group.MapMethods(string.Empty, ["OPTIONS"], (HttpContext context) => cors.Preflight(context));
        group.MapMethods(string.Empty, ["GET", "CONNECT"], new WebSocketRpcEndpoint(handler, limits, cors, limiter).ServeAsync);
        group.MapPost(string.Empty, async (HttpContext context) =>
        {
            if (!cors.Allows(context))
            {
                return;
            }

            using var lease = limiter?.AttemptAcquire(context.Connection.RemoteIpAddress ?? IPAddress.None);
            if (lease is { IsAcquired: false })
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                var refusal = LedgerRpcHandler.Error(null, RateLimitedCode, $"rate limit exceeded: at most {limits.RequestsPerSecond} requests per second per client");
                await WriteJsonAsync(context, refusal.ToJsonString()).ConfigureAwait(false);
                return;
            }

            await ServeAsync(handler, limits, context).ConfigureAwait(false);
        });
        return group;
    }

    private static PartitionedRateLimiter<IPAddress>? CreateLimiter(RpcServerLimits limits) =>
        limits.RequestsPerSecond <= 0
            ? null
            : PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(limits.Burst, limits.RequestsPerSecond),
                TokensPerPeriod = limits.RequestsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));

    private static async Task ServeAsync(IRpcHandler handler, RpcServerLimits limits, HttpContext context)
    {
        string? response;
        if (context.Request.ContentLength > limits.MaxRequestBytes)
        {
            response = TooLarge;
        }
        else
        {
            try
            {
                var sizeFeature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
                if (sizeFeature is { IsReadOnly: false })
                {
                    sizeFeature.MaxRequestBodySize = limits.MaxRequestBytes;
                }

                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                response = await handler.HandleAsync(body, context.RequestAborted).ConfigureAwait(false);
            }
            catch (BadHttpRequestException)
            {
                response = TooLarge;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        if (response is not null)
        {
            await WriteJsonAsync(context, response).ConfigureAwait(false);
        }
    }

    private const string TooLarge = """{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"request too large"}}""";

    private static Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json, context.RequestAborted);
    }
}
