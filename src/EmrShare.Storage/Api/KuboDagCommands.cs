using EmrShare.Storage.DagPb;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's read commands over a DAG named by the caller: <c>ls</c>, <c>refs</c> and <c>files/stat</c> of an /ipfs/ path.
/// Each reads only blocks reachable from the CID in the request, every one verified, so they reveal nothing that
/// <c>block/get</c> on the same CIDs would not (which is why the peer API may serve them).
/// </summary>
internal static class KuboDagCommands
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>
    /// Kubo's <c>ls</c>: <c>{"Objects":[{"Hash":arg,"Links":[{Name,Hash,Size,Type,Target}]}]}</c>, or one object per link
    /// with <c>stream</c>. All arguments together list at most <see cref="DirectoryWalkBudget.MaxEntries"/> entries.
    /// </summary>
    public static async Task LsAsync(HttpContext ctx, IReadableStore store)
    {
        var stream = KuboRequest.Flag(ctx.Request, "stream", false);
        var resolve = KuboRequest.Flag(ctx.Request, "resolve-type", true) | KuboRequest.Flag(ctx.Request, "size", true);
        var paths = KuboRequest.RequiredArgs(ctx.Request);
        var encoder = KuboCidEncoder.From(ctx.Request);
        var objects = new List<object>();
        var budget = new DirectoryWalkBudget();
        if (stream)
        {
            ctx.Response.ContentType = "application/x-ndjson";
        }

        foreach (var path in paths)
        {
            var node = await UnixFsNode.ReadAsync(store, await UnixFsPath.ResolveAsync(store, path, ctx.RequestAborted).ConfigureAwait(false), ctx.RequestAborted).ConfigureAwait(false);
            var links = new List<object>(node.Links.Count);
            await foreach (var link in UnixFsDirectoryEntries.ListAsync(store, node, budget, ctx.RequestAborted).ConfigureAwait(false))
            {
                var entry = await DescribeAsync(store, link, resolve, encoder, ctx.RequestAborted).ConfigureAwait(false);
                if (stream)
                {
                    await KuboApiHandlers.Json(ctx, new { Objects = new[] { new { Hash = path, Links = new[] { entry } } } }).ConfigureAwait(false);
                    await ctx.Response.Body.WriteAsync(NewLine, ctx.RequestAborted).ConfigureAwait(false);
                }
                else
                {
                    links.Add(entry);
                }
            }

            objects.Add(new { Hash = path, Links = links });
        }

        if (!stream)
        {
            await KuboApiHandlers.Json(ctx, new { Objects = objects }).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Kubo's <c>refs</c>: the links under each argument, depth first, one <c>{"Ref","Err"}</c> line each;
    /// <c>recursive</c>, <c>unique</c>, <c>max-depth</c>, <c>edges</c> and <c>format</c> as Kubo's RefWriter applies them.
    /// Without <c>unique</c>, a walk that would list blocks again more than <see cref="RefsWalkBudget.MaxRepeats"/> times is
    /// refused (400) before a line is written.
    /// </summary>
    public static async Task RefsAsync(HttpContext ctx, IReadableStore store)
    {
        var request = ctx.Request;
        var edges = KuboRequest.Flag(request, "edges", false);
        var format = request.Query["format"].ToString();
        if (edges && format.Length > 0 && format != "<dst>")
        {
            throw new KuboArgumentException("using format argument with edges is not allowed");
        }

        var encoder = KuboCidEncoder.From(request);
        format = edges ? "<src> -> <dst>" : format.Length == 0 ? "<dst>" : format;
        var maxDepth = KuboRequest.Flag(request, "recursive", false) ? KuboRequest.Int(request, "max-depth", -1, allowNegative: true) : 1;
        var unique = KuboRequest.Flag(request, "unique", false);
        var walker = new KuboRefWalker(store, unique, maxDepth);
        var roots = new List<Cid>();
        foreach (var path in KuboRequest.RequiredArgs(request))
        {
            roots.Add(await UnixFsPath.ResolveAsync(store, path, ctx.RequestAborted).ConfigureAwait(false));
        }

        if (!unique)
        {
            await RefsWalkBudget.EnsureWithinAsync(store, roots, maxDepth, ctx.RequestAborted).ConfigureAwait(false);
        }

        ctx.Response.ContentType = "application/x-ndjson";
        foreach (var root in roots)
        {
            await foreach (var (source, target, name) in walker.WalkAsync(root, ctx.RequestAborted).ConfigureAwait(false))
            {
                var line = format.Replace("<src>", encoder.Encode(source), StringComparison.Ordinal)
                    .Replace("<dst>", encoder.Encode(target), StringComparison.Ordinal)
                    .Replace("<linkname>", name, StringComparison.Ordinal);
                await KuboApiHandlers.Json(ctx, new { Ref = line, Err = string.Empty }).ConfigureAwait(false);
                await ctx.Response.Body.WriteAsync(NewLine, ctx.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>files/stat</c> of an /ipfs/ path, as Kubo answers it without touching MFS. Any other path is in MFS, which
    /// this store does not keep: 404 with Kubo's error object.
    /// </summary>
    public static async Task FilesStatAsync(HttpContext ctx, SqliteBlobStore store)
    {
        var path = KuboRequest.RequiredArgs(ctx.Request)[0];
        var encoder = KuboCidEncoder.From(ctx.Request);
        if (!path.StartsWith("/ipfs/", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            await KuboApiHandlers.Json(ctx, new KuboApiError("files/stat: the mutable file system (MFS) is not served by this store; stat an /ipfs/ path", 0)).ConfigureAwait(false);
            return;
        }

        var node = await UnixFsNode.ReadAsync(store, await UnixFsPath.ResolveAsync(store, path, ctx.RequestAborted).ConfigureAwait(false), ctx.RequestAborted).ConfigureAwait(false);
        var cumulative = (ulong)node.BlockSize + node.Links.Aggregate(0UL, (sum, l) => sum + l.TotalSize);
        await KuboApiHandlers.Json(ctx, new
        {
            Hash = encoder.Encode(node.Cid),
            Size = node.FileSize,
            CumulativeSize = cumulative,
            Blocks = node.Links.Count,
            Type = node.IsDirectory ? "directory" : node.Type == UnixFsType.Symlink ? "symlink" : "file",
        }).ConfigureAwait(false);
    }

    /// <summary>One <c>ls</c> link: raw leaves are files of their Tsize; dag-pb children are read for their type and file size.</summary>
    private static async Task<object> DescribeAsync(IBlockSource store, DagPbLink link, bool resolve, KuboCidEncoder encoder, CancellationToken ct)
    {
        var (type, size, target) = (0, 0UL, string.Empty);
        if (link.Cid.Codec == Multicodec.Raw)
        {
            (type, size) = (2, link.TotalSize);
        }
        else if (resolve)
        {
            var child = await UnixFsNode.ReadAsync(store, link.Cid, ct).ConfigureAwait(false);
            type = child.Type switch
            {
                UnixFsType.File or UnixFsType.Raw => 2,
                UnixFsType.Directory or UnixFsType.HamtShard or UnixFsType.Metadata => 1,
                UnixFsType.Symlink => 4,
                _ => 0,
            };
            size = child.FileSize;
            target = child.Type == UnixFsType.Symlink ? System.Text.Encoding.UTF8.GetString(child.Data.Span) : string.Empty;
        }

        return new { link.Name, Hash = encoder.Encode(link.Cid), Size = size, Type = type, Target = target };
    }
}
