using System.Text;
using EmrShare.Storage.DagPb;
using EmrShare.Storage.Reading;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's <c>get</c>: the file or directory under an IPFS path as a tar stream, named by the path's last element
/// (the CID for a bare CID), directories before their entries and entries in link order. Entry names that could
/// escape the archive's folder ("..", "/", NUL) stop the transfer instead of being written, and so does a walk past
/// <see cref="DirectoryWalkBudget.MaxEntries"/> entries over all its directories.
/// </summary>
internal static class KuboGetCommand
{
    public static async Task GetAsync(HttpContext ctx, IReadableStore store)
    {
        var request = ctx.Request;
        if (KuboRequest.Flag(request, "compress", false) || request.Query.ContainsKey("compression-level"))
        {
            throw new KuboArgumentException("compressed get is not supported by this store; fetch the tar and compress it locally");
        }

        _ = KuboRequest.Flag(request, "archive", false); // over HTTP Kubo always answers a tar; the flag only tells its CLI to keep it
        var path = KuboRequest.RequiredArgs(request)[0];
        var root = await UnixFsPath.ResolveAsync(store, path, ctx.RequestAborted).ConfigureAwait(false);
        var name = path.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1]; // the last name, or the CID as given
        if (!IsSafeName(name))
        {
            throw new KuboArgumentException("the path's last name cannot be an archive entry name");
        }

        var node = await UnixFsNode.ReadAsync(store, root, ctx.RequestAborted).ConfigureAwait(false);
        var time = ctx.RequestServices?.GetService<TimeProvider>() ?? TimeProvider.System;
        var tar = new TarArchiveWriter(ctx.Response.Body, time.GetUtcNow());
        ctx.Response.ContentType = "application/x-tar";
        await WriteAsync(store, tar, node, name, new DirectoryWalkBudget(), ctx.RequestAborted).ConfigureAwait(false);
        await tar.FinishAsync(ctx.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsSafeName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static async Task WriteAsync(IReadableStore store, TarArchiveWriter tar, UnixFsNode node, string path, DirectoryWalkBudget budget, CancellationToken ct)
    {
        switch (node.Type)
        {
            case UnixFsType.Directory or UnixFsType.HamtShard:
                await tar.WriteDirectoryAsync(path, ct).ConfigureAwait(false);
                var names = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var link in UnixFsDirectoryEntries.ListAsync(store, node, budget, ct).ConfigureAwait(false))
                {
                    // A repeated name (a symlink "x", then a directory "x/…") is the classic way out of an extracted archive.
                    if (!IsSafeName(link.Name) || !names.Add(link.Name))
                    {
                        throw new DagFormatException($"directory {node.Cid} has an entry name that is unsafe in an archive");
                    }

                    var child = await UnixFsNode.ReadAsync(store, link.Cid, ct).ConfigureAwait(false);
                    await WriteAsync(store, tar, child, path + "/" + link.Name, budget, ct).ConfigureAwait(false);
                }

                break;
            case UnixFsType.File or UnixFsType.Raw:
                var content = await store.OpenReadAsync(node.Cid, ct).ConfigureAwait(false);
                await using (content.ConfigureAwait(false))
                {
                    await tar.WriteFileAsync(path, checked((long)node.FileSize), content, ct).ConfigureAwait(false);
                }

                break;
            case UnixFsType.Symlink:
                var target = Encoding.UTF8.GetString(node.Data.Span);
                if (target.Length == 0 || target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal) || target.Split('/').Contains(".."))
                {
                    throw new DagFormatException($"symlink {node.Cid} points outside the archive");
                }

                await tar.WriteSymlinkAsync(path, target, ct).ConfigureAwait(false);
                break;
            default:
                throw new DagFormatException($"{node.Cid} is a UnixFS {node.Type} node, which get does not support");
        }
    }
}
