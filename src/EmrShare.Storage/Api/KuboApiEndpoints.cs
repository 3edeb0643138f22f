using System.Text.Json;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EmrShare.Storage.Api;

/// <summary>
/// The subset of the Kubo RPC API a store serves so existing IPFS tools can read it: add, cat, block/get,
/// block/put, block/stat, pin/add, pin/rm, pin/ls, repo/gc, version. POST, as Kubo requires.
/// </summary>
public static class KuboApiEndpoints
{
    public const string ServerVersion = "0.26.0-emrshare";

    public static IEndpointRouteBuilder MapKuboApi<TStore>(this IEndpointRouteBuilder app, TStore store)
        where TStore : IBlobStore, IBlockStore
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/v0");
        api.MapPost("/version", (HttpContext ctx) => Run(ctx, () => Json(ctx, new { Version = ServerVersion, Commit = string.Empty, Repo = "emrshare-sqlite", System = "dotnet", Golang = string.Empty })));
        api.MapPost("/add", (HttpContext ctx) => Run(ctx, () => AddAsync(ctx, store)));
        api.MapPost("/cat", (HttpContext ctx) => Run(ctx, () => CatAsync(ctx, store)));
        api.MapPost("/block/get", (HttpContext ctx) => Run(ctx, () => BlockGetAsync(ctx, store)));
        api.MapPost("/block/put", (HttpContext ctx) => Run(ctx, () => BlockPutAsync(ctx, store)));
        api.MapPost("/pin/add", (HttpContext ctx) => Run(ctx, async () =>
        {
            var cid = KuboRequest.RequiredCid(ctx.Request);
            await store.PinAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            await Json(ctx, new { Pins = new[] { cid.ToString() } }).ConfigureAwait(false);
        }));
        api.MapPost("/pin/rm", (HttpContext ctx) => Run(ctx, async () =>
        {
            var cid = KuboRequest.RequiredCid(ctx.Request);
            await store.UnpinAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            await Json(ctx, new { Pins = new[] { cid.ToString() } }).ConfigureAwait(false);
        }));
        api.MapPost("/pin/ls", (HttpContext ctx) => Run(ctx, () => PinLsAsync(ctx, store)));
        api.MapPost("/block/stat", (HttpContext ctx) => Run(ctx, async () =>
        {
            var cid = KuboRequest.RequiredCid(ctx.Request);
            var block = await store.GetBlockAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            await Json(ctx, new { Key = cid.ToString(), Size = block.Length }).ConfigureAwait(false);
        }));
        api.MapPost("/repo/gc", (HttpContext ctx) => Run(ctx, async () =>
        {
            // Kubo streams one {"Key"} line per removed block; a count says the same without listing CIDs.
            var removed = await store.CollectGarbageAsync(ctx.RequestAborted).ConfigureAwait(false);
            await Json(ctx, new { Removed = removed }).ConfigureAwait(false);
        }));
        return app;
    }

    private static async Task AddAsync<TStore>(HttpContext ctx, TStore store)
        where TStore : IBlobStore, IBlockStore
    {
        var version = KuboRequest.Int(ctx.Request, "cid-version", 0);
        if (version is not (0 or 1))
        {
            throw new KuboArgumentException("cid-version must be 0 or 1");
        }

        // Only Kubo's two default layouts are offered: CIDv1 with raw leaves, CIDv0 with dag-pb leaves.
        if (KuboRequest.Flag(ctx.Request, "raw-leaves", version == 1) != (version == 1))
        {
            throw new KuboArgumentException("raw-leaves is only supported together with cid-version=1");
        }

        var pin = KuboRequest.Flag(ctx.Request, "pin", true);
        var (name, body) = await KuboRequest.FirstFileAsync(ctx.Request, ctx.RequestAborted).ConfigureAwait(false);
        var cid = await store.PutAsync(body, new PutOptions(version, pin), ctx.RequestAborted).ConfigureAwait(false);
        var root = await store.GetBlockAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
        var cumulative = cid.Codec == Multicodec.Raw
            ? (ulong)root.Length
            : (ulong)root.Length + DagPbNode.Decode(root).Links.Aggregate(0UL, (sum, l) => sum + l.TotalSize);
        ctx.Response.ContentType = "application/x-ndjson";
        await Json(ctx, new { Name = name, Hash = cid.ToString(), Size = cumulative.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ConfigureAwait(false);
    }

    private static async Task CatAsync(HttpContext ctx, IBlobStore store)
    {
        var cid = KuboRequest.RequiredCid(ctx.Request);
        var stream = await store.OpenReadAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            ctx.Response.ContentType = "text/plain";
            ctx.Response.Headers["X-Content-Length"] = stream.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // A block failing verification mid-stream aborts the connection, so a client sees a truncated
            // transfer rather than wrong bytes.
            await stream.CopyToAsync(ctx.Response.Body, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task BlockGetAsync(HttpContext ctx, IBlockStore store)
    {
        var block = await store.GetBlockAsync(KuboRequest.RequiredCid(ctx.Request), ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = "application/octet-stream";
        await ctx.Response.Body.WriteAsync(block, ctx.RequestAborted).ConfigureAwait(false);
    }

    private static async Task BlockPutAsync(HttpContext ctx, IBlockStore store)
    {
        // Kubo: cid-codec (default raw, CIDv1) or legacy format (v0/protobuf = dag-pb CIDv0); js-ipfs: format + version.
        var codecName = ctx.Request.Query["cid-codec"].ToString();
        var format = ctx.Request.Query["format"].ToString();
        if (codecName.Length == 0)
        {
            codecName = format;
        }

        var (codec, defaultVersion) = codecName switch
        {
            "" or "raw" => (Multicodec.Raw, 1),
            "dag-pb" => (Multicodec.DagPb, 1),
            "v0" or "protobuf" => (Multicodec.DagPb, 0),
            _ => throw new KuboArgumentException("unsupported block codec: " + codecName),
        };
        var mhtype = ctx.Request.Query["mhtype"].ToString();
        if (mhtype.Length > 0 && mhtype != "sha2-256")
        {
            throw new KuboArgumentException("only mhtype sha2-256 is supported");
        }

        var version = KuboRequest.Int(ctx.Request, "version", KuboRequest.Int(ctx.Request, "cid-version", defaultVersion));
        if (version is not (0 or 1) || (version == 0 && codec != Multicodec.DagPb))
        {
            throw new KuboArgumentException("CIDv0 is only possible for dag-pb blocks");
        }

        var (_, body) = await KuboRequest.FirstFileAsync(ctx.Request, ctx.RequestAborted).ConfigureAwait(false);
        // Kubo caps a block at 1 MiB (larger ones cannot travel over bitswap); reading one byte past the cap
        // detects an oversize block without ever buffering more than that.
        const int maxBlock = 1024 * 1024;
        var buffer = new byte[maxBlock + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ctx.RequestAborted).ConfigureAwait(false);
        if (length > maxBlock)
        {
            throw new BlobTooLargeException(maxBlock);
        }

        var cid = await store.PutBlockAsync(buffer.AsMemory(0, length), codec, version, ctx.RequestAborted).ConfigureAwait(false);
        await Json(ctx, new { Key = cid.ToString(), Size = length }).ConfigureAwait(false);
    }

    private static async Task PinLsAsync(HttpContext ctx, IBlobStore store)
    {
        var keys = new Dictionary<string, object>(StringComparer.Ordinal);
        if (ctx.Request.Query.ContainsKey("arg"))
        {
            var cid = KuboRequest.RequiredCid(ctx.Request);
            var stat = await store.StatAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            if (!stat.Pinned)
            {
                throw new BlobNotFoundException($"path '{cid}' is not pinned");
            }

            keys[cid.ToString()] = new { Type = "recursive" };
        }
        else
        {
            await foreach (var cid in store.ListPinsAsync(ctx.RequestAborted).ConfigureAwait(false))
            {
                keys[cid.ToString()] = new { Type = "recursive" };
            }
        }

        await Json(ctx, new { Keys = keys }).ConfigureAwait(false);
    }

    private static async Task Run(HttpContext ctx, Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && KuboApiError.FromException(ex) is { } error)
        {
            ctx.Response.StatusCode = (int)error.Status;
            await Json(ctx, error.Body).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
        catch (Exception ex) when (!ctx.Response.HasStarted && ex is not OperationCanceledException)
        {
            // Unexpected failure: still a Kubo-shaped answer, without internals (paths, SQL) in the message.
            ctx.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await Json(ctx, new KuboApiError("internal error: " + ex.GetType().Name, 0)).ConfigureAwait(false);
        }
    }

    private static Task Json<T>(HttpContext ctx, T value)
    {
        if (ctx.Response.ContentType is null)
        {
            ctx.Response.ContentType = "application/json";
        }

        return JsonSerializer.SerializeAsync(ctx.Response.Body, value, JsonOptions, ctx.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = null };
}
