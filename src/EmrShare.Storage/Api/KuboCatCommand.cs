using System.Globalization;
using EmrShare.Storage.Multiformats;
using EmrShare.Storage.Reading;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's <c>cat</c>: the files under every <c>arg</c>, one after the other, through the <c>offset</c>/<c>length</c>
/// window Kubo applies to them together (an offset past a file skips it; <c>length=0</c> writes nothing), with
/// <c>X-Content-Length</c> set. <c>progress</c> drives the Kubo CLI's progress bar from that header and changes nothing
/// in the HTTP body: its value is checked and otherwise has no effect, as in Kubo. Every block is verified before it is
/// written; one failing its hash mid-stream aborts the connection, so a client sees a truncated transfer, never wrong bytes.
/// </summary>
internal static class KuboCatCommand
{
    public static async Task CatAsync(HttpContext ctx, IReadableStore store)
    {
        var request = ctx.Request;
        var offset = KuboRequest.Long(request, "offset", 0);
        var max = request.Query.ContainsKey("length") ? KuboRequest.Long(request, "length", 0) : -1;
        _ = KuboRequest.Flag(request, "progress", true);
        var files = new List<Cid>();
        foreach (var path in KuboRequest.RequiredArgs(request))
        {
            files.Add(await UnixFsPath.ResolveAsync(store, path, ctx.RequestAborted).ConfigureAwait(false));
        }

        var (windows, length) = max == 0 ? ([], 0) : await WindowsAsync(store, files, offset, max, ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = "text/plain";
        ctx.Response.Headers["X-Content-Length"] = length.ToString(CultureInfo.InvariantCulture);
        foreach (var (cid, skip, take) in windows)
        {
            var stream = await store.OpenReadAsync(cid, ctx.RequestAborted).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await KuboStreams.CopyRangeAsync(stream, ctx.Response.Body, skip, take, ctx.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kubo's cat(): which bytes of which file, and the total; <paramref name="max"/> -1 is no limit.</summary>
    private static async Task<(List<(Cid Cid, long Skip, long Take)> Windows, long Length)> WindowsAsync(
        IReadableStore store, List<Cid> files, long offset, long max, CancellationToken ct)
    {
        var windows = new List<(Cid, long, long)>();
        long length = 0;
        foreach (var cid in files)
        {
            var size = (await store.StatAsync(cid, ct).ConfigureAwait(false)).Size;
            if (offset > size)
            {
                offset -= size;
                continue;
            }

            var take = size - offset;
            length += take;
            if (max > 0 && length >= max)
            {
                take -= length - max;
                windows.Add((cid, offset, take));
                return (windows, max);
            }

            windows.Add((cid, offset, take));
            offset = 0;
        }

        return (windows, length);
    }
}
