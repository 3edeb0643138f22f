using System.Text.Json;
using EmrShare.Storage.Embedded;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>The Kubo RPC commands a store serves, as request handlers; <see cref="KuboApiEndpoints"/> decides who reaches which.</summary>
internal static class KuboApiHandlers
{
    public const string ServerVersion = "0.26.0-emrshare";

    public static Task Version(HttpContext ctx) =>
        Json(ctx, new { Version = ServerVersion, Commit = string.Empty, Repo = "emrshare-sqlite", System = "dotnet", Golang = string.Empty });

    public static async Task BlockGetAsync(HttpContext ctx, IBlockStore store)
    {
        var block = await store.GetBlockAsync(KuboRequest.RequiredCid(ctx.Request), ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = "application/octet-stream";
        await ctx.Response.Body.WriteAsync(block, ctx.RequestAborted).ConfigureAwait(false);
    }

    public static async Task BlockStatAsync(HttpContext ctx, IBlockStore store)
    {
        var cid = KuboRequest.RequiredCid(ctx.Request);
        var block = await store.GetBlockAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
        await Json(ctx, new { Key = cid.ToString(), Size = block.Length }).ConfigureAwait(false);
    }

    public static async Task BlockPutAsync(HttpContext ctx, IBlockStore store)
    {
        var (codec, version) = KuboRequest.BlockFormat(ctx.Request);
        var encoder = KuboCidEncoder.From(ctx.Request);
        var upload = await KuboRequest.FirstFileAsync(ctx.Request, ctx.RequestAborted).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            if (upload.IsDirectory)
            {
                throw new KuboArgumentException("block/put takes a file, not a directory");
            }

            // Kubo caps a block at 1 MiB (larger ones cannot travel over bitswap); reading one byte past the cap
            // detects an oversize block without ever buffering more than that.
            const int maxBlock = 1024 * 1024;
            var buffer = new byte[maxBlock + 1];
            var length = await upload.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ctx.RequestAborted).ConfigureAwait(false);
            if (length > maxBlock)
            {
                throw new BlobTooLargeException(maxBlock);
            }

            await upload.EnsureNoFurtherFileAsync(ctx.RequestAborted).ConfigureAwait(false);
            var cid = await store.PutBlockAsync(buffer.AsMemory(0, length), codec, version, ctx.RequestAborted).ConfigureAwait(false);
            await Json(ctx, new { Key = encoder.Encode(cid), Size = length }).ConfigureAwait(false);
        }
    }

    public static async Task PinAddAsync(HttpContext ctx, IBlobStore store)
    {
        if (!KuboRequest.Flag(ctx.Request, "recursive", true))
        {
            throw new KuboArgumentException("direct pins (recursive=false) are not supported by this store; pin recursively");
        }

        var cid = KuboRequest.RequiredCid(ctx.Request);
        var encoder = KuboCidEncoder.From(ctx.Request);
        await store.PinAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
        await Json(ctx, new { Pins = new[] { encoder.Encode(cid) } }).ConfigureAwait(false);
    }

    public static async Task PinRmAsync(HttpContext ctx, IBlobStore store)
    {
        var cid = KuboRequest.RequiredCid(ctx.Request);
        // Kubo refuses to unpin what is not pinned; the embedded store's Unpin is idempotent, so the check is here.
        if (!(await store.StatAsync(cid, ctx.RequestAborted).ConfigureAwait(false)).Pinned)
        {
            throw new KuboArgumentException("not pinned or pinned indirectly");
        }

        await store.UnpinAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
        await Json(ctx, new { Pins = new[] { KuboCidEncoder.From(ctx.Request).Encode(cid) } }).ConfigureAwait(false);
    }

    public static async Task PinLsAsync(HttpContext ctx, IBlobStore store)
    {
        var keys = new Dictionary<string, object>(StringComparer.Ordinal);
        var encoder = KuboCidEncoder.From(ctx.Request);
        if (ctx.Request.Query.ContainsKey("arg"))
        {
            var cid = KuboRequest.RequiredCid(ctx.Request);
            var stat = await store.StatAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            if (!stat.Pinned)
            {
                throw new BlobNotFoundException($"path '{cid}' is not pinned");
            }

            keys[encoder.Encode(cid)] = new { Type = "recursive" };
        }
        else
        {
            await foreach (var cid in store.ListPinsAsync(ctx.RequestAborted).ConfigureAwait(false))
            {
                keys[encoder.Encode(cid)] = new { Type = "recursive" };
            }
        }

        await Json(ctx, new { Keys = keys }).ConfigureAwait(false);
    }

    /// <summary>Kubo streams one <c>{"Key":{"/":cid}}</c> line per removed block.</summary>
    public static async Task RepoGcAsync(HttpContext ctx, SqliteBlobStore store)
    {
        var removed = await store.CollectGarbageListingAsync(ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = "application/x-ndjson";
        foreach (var cid in removed)
        {
            await JsonSerializer.SerializeAsync(ctx.Response.Body, new { Key = new Dictionary<string, string>(StringComparer.Ordinal) { ["/"] = cid.ToString() } }, JsonOptions, ctx.RequestAborted).ConfigureAwait(false);
            await ctx.Response.Body.WriteAsync(NewLine, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>A command this store does not serve: 404 with Kubo's error object (never an empty body).</summary>
    public static Task NotServed(HttpContext ctx, string command, string where)
    {
        ctx.Response.StatusCode = StatusCodes.Status404NotFound;
        return Json(ctx, new KuboApiError($"command \"{command}\" is not served {where}", 0));
    }

    public static async Task Run(HttpContext ctx, Func<Task> handler)
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

    public static Task Json<T>(HttpContext ctx, T value)
    {
        ctx.Response.ContentType ??= "application/json";
        return JsonSerializer.SerializeAsync(ctx.Response.Body, value, JsonOptions, ctx.RequestAborted);
    }

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = null };
}
