using EmrShare.Storage.Embedded;
using EmrShare.Storage.Multiformats;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>Kubo's node commands of the admin API: <c>block/rm</c> and <c>id</c>.</summary>
internal static class KuboNodeCommands
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>
    /// One <c>{"Hash","Error"}</c> line per block, as Kubo streams them (Error omitted on success; with <c>quiet</c>
    /// only failures). The answer is 200 even when some are refused: the lines say which.
    /// </summary>
    public static async Task BlockRmAsync(HttpContext ctx, SqliteBlobStore store)
    {
        var force = KuboRequest.Flag(ctx.Request, "force", false);
        var quiet = KuboRequest.Flag(ctx.Request, "quiet", false);
        var cids = KuboRequest.RequiredArgs(ctx.Request).Select(a => Cid.Parse(a.StartsWith("/ipfs/", StringComparison.Ordinal) ? a["/ipfs/".Length..] : a)).ToList();
        var results = await store.RemoveBlocksAsync(cids, force, ctx.RequestAborted).ConfigureAwait(false);
        ctx.Response.ContentType = "application/x-ndjson";
        foreach (var (cid, error) in results)
        {
            if (error is null && quiet)
            {
                continue;
            }

            object line = error is null ? new { Hash = cid.ToString() } : new { Hash = cid.ToString(), Error = error };
            await KuboApiHandlers.Json(ctx, line).ConfigureAwait(false);
            await ctx.Response.Body.WriteAsync(NewLine, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Kubo's <c>id</c> shape for a store that is not a libp2p peer: no peer ID, no key, no swarm addresses or
    /// protocols (empty, never invented), and the agent version. Asking about another peer is refused.
    /// </summary>
    public static Task IdAsync(HttpContext ctx)
    {
        if (ctx.Request.Query.ContainsKey("arg"))
        {
            throw new KuboArgumentException("this store is not a libp2p peer: it cannot look up other peers");
        }

        return KuboApiHandlers.Json(ctx, new
        {
            ID = string.Empty,
            PublicKey = string.Empty,
            Addresses = Array.Empty<string>(),
            AgentVersion = "emrshare-store/" + KuboApiHandlers.ServerVersion,
            ProtocolVersion = string.Empty,
            Protocols = Array.Empty<string>(),
        });
    }
}
