using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EmrShare.Storage.Api;

/// <summary>
/// The Kubo RPC API of a store, as two surfaces (POST, as Kubo requires):
/// <list type="bullet">
/// <item><see cref="MapKuboPeerApi"/> — read-only (cat, ls, get, refs, block/get, block/stat, version) for other hospitals and
/// patients' wallets, each request signed by a registered account and checked through <see cref="IPeerAuthorizer"/>;</item>
/// <item><see cref="MapKuboAdminApi"/> — everything (add, block/put, block/rm, pins, repo/gc, id, files/stat) for the owning node or its local
/// admin only (loopback, optional token).</item>
/// </list>
/// Both refuse any request carrying an Origin header (a browser page) and answer every refusal with Kubo's error object.
/// </summary>
public static class KuboApiEndpoints
{
    public const string ServerVersion = KuboApiHandlers.ServerVersion;

    /// <summary>Kubo commands clients commonly call that this store does not serve: 404 with Kubo's error object.</summary>
    private static readonly string[] NotServedCommands = ["refs/local", "files/ls", "dag/get", "dag/put", "name/resolve", "swarm/peers"];

    public static IEndpointRouteBuilder MapKuboPeerApi(this IEndpointRouteBuilder app, IReadableStore store, KuboPeerApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var time = app.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
        var limiter = new ClientRateLimiter(options.RequestsPerMinute, time);
        var api = app.MapGroup("/api/v0");
        api.AddEndpointFilter(async (context, next) =>
        {
            var ctx = context.HttpContext;
            var refusal = KuboAccessGuards.RefuseBrowser(ctx.Request);
            PeerPrincipal? peer = null;
            if (refusal is null)
            {
                (refusal, peer) = await KuboAccessGuards.AuthorizePeerAsync(ctx, options.Authorizer, time, ctx.RequestAborted).ConfigureAwait(false);
            }

            var client = peer?.Account ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            refusal ??= limiter.TryAcquire(client) ? null : new KuboRefusal(StatusCodes.Status429TooManyRequests, "too many requests from this peer; retry in a minute");
            return refusal is null ? await next(context).ConfigureAwait(false) : await RefuseAsync(ctx, refusal).ConfigureAwait(false);
        });
        api.MapPost("/version", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.Version(ctx)));
        api.MapPost("/cat", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboCatCommand.CatAsync(ctx, store)));
        api.MapPost("/block/get", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.BlockGetAsync(ctx, store)));
        api.MapPost("/block/stat", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.BlockStatAsync(ctx, store)));
        MapDagReads(api, store);
        MapNotServed(api, ["add", "block/put", "block/rm", "pin/add", "pin/rm", "pin/ls", "repo/gc", "id", "files/stat", .. NotServedCommands], "on the peer API (read-only)");
        return app;
    }

    public static IEndpointRouteBuilder MapKuboAdminApi(this IEndpointRouteBuilder app, SqliteBlobStore store, KuboAdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var api = app.MapGroup("/api/v0");
        api.AddEndpointFilter(async (context, next) =>
        {
            var ctx = context.HttpContext;
            var refusal = KuboAccessGuards.RefuseBrowser(ctx.Request) ?? KuboAccessGuards.RefuseNonAdmin(ctx, options);
            return refusal is null ? await next(context).ConfigureAwait(false) : await RefuseAsync(ctx, refusal).ConfigureAwait(false);
        });
        api.MapPost("/version", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.Version(ctx)));
        api.MapPost("/add", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboAddCommand.AddAsync(ctx, store, options.MaxAddBytes)));
        api.MapPost("/cat", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboCatCommand.CatAsync(ctx, store)));
        api.MapPost("/block/get", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.BlockGetAsync(ctx, store)));
        api.MapPost("/block/put", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.BlockPutAsync(ctx, store)));
        api.MapPost("/block/stat", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.BlockStatAsync(ctx, store)));
        api.MapPost("/pin/add", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.PinAddAsync(ctx, store)));
        api.MapPost("/pin/rm", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.PinRmAsync(ctx, store)));
        api.MapPost("/pin/ls", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.PinLsAsync(ctx, store)));
        api.MapPost("/repo/gc", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboApiHandlers.RepoGcAsync(ctx, store)));
        api.MapPost("/block/rm", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboNodeCommands.BlockRmAsync(ctx, store)));
        api.MapPost("/id", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboNodeCommands.IdAsync(ctx)));
        api.MapPost("/files/stat", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboDagCommands.FilesStatAsync(ctx, store)));
        MapDagReads(api, store);
        MapNotServed(api, NotServedCommands, "by this store");
        return app;
    }

    /// <summary>
    /// ls, get and refs read only the DAG under a CID the caller names, as cat and block/get do (docs/threat-model.md):
    /// served on both surfaces. Nothing that lists the store's own pins or blocks is.
    /// </summary>
    private static void MapDagReads(RouteGroupBuilder api, IReadableStore store)
    {
        api.MapPost("/ls", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboDagCommands.LsAsync(ctx, store)));
        api.MapPost("/refs", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboDagCommands.RefsAsync(ctx, store)));
        api.MapPost("/get", (HttpContext ctx) => KuboApiHandlers.Run(ctx, () => KuboGetCommand.GetAsync(ctx, store)));
    }

    private static void MapNotServed(RouteGroupBuilder api, IEnumerable<string> commands, string where)
    {
        foreach (var command in commands)
        {
            api.MapPost("/" + command, (HttpContext ctx) => KuboApiHandlers.NotServed(ctx, command, where));
        }

        api.MapPost("/{**command}", (HttpContext ctx, string command) => KuboApiHandlers.NotServed(ctx, command, where));
    }

    private static async Task<object?> RefuseAsync(HttpContext ctx, KuboRefusal refusal)
    {
        ctx.Response.StatusCode = refusal.Status;
        await KuboApiHandlers.Json(ctx, new KuboApiError(refusal.Message, 1)).ConfigureAwait(false);
        return Results.Empty;
    }
}
