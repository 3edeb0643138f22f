using System.Globalization;
using EmrShare.Storage.Embedded;
using EmrShare.Storage.Import;
using EmrShare.Storage.Multiformats;
using Microsoft.AspNetCore.Http;

namespace EmrShare.Storage.Api;

/// <summary>
/// Kubo's <c>add</c>: every file and directory part of the body, placed by path into UnixFS directories as Kubo
/// builds them, with <c>wrap-with-directory</c>, <c>only-hash</c> and <c>pin</c>. The whole request is one
/// all-or-nothing write: its answer lines (one per file, then per directory, as Kubo streams them) are sent once
/// everything is committed, so a refused request (400/413) has stored nothing.
/// </summary>
internal static class KuboAddCommand
{
    /// <summary>Options of <c>add</c> this store does not implement: refused with 400, never silently ignored.</summary>
    private static readonly string[] UnsupportedOptions = ["chunker", "hash", "trickle", "nocopy", "fscache", "inline", "to-files", "hidden", "mtime", "mode", "preserve-mode", "preserve-mtime"];

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task AddAsync(HttpContext ctx, SqliteBlobStore store, long? maxAddBytes)
    {
        var request = ctx.Request;
        var version = KuboRequest.Int(request, "cid-version", 0);
        if (version is not (0 or 1))
        {
            throw new KuboArgumentException("cid-version must be 0 or 1");
        }

        foreach (var option in UnsupportedOptions)
        {
            if (request.Query.ContainsKey(option) && !IsDefault(request, option))
            {
                throw new KuboArgumentException($"option \"{option}\" is not supported by this store (only Kubo's default import: 256 KiB chunks, sha2-256, balanced DAG, no UnixFS metadata)");
            }
        }

        // Only Kubo's two default layouts are offered: CIDv1 with raw leaves, CIDv0 with dag-pb leaves.
        if (KuboRequest.Flag(request, "raw-leaves", version == 1) != (version == 1))
        {
            throw new KuboArgumentException("raw-leaves is only supported together with cid-version=1");
        }

        var pin = KuboRequest.Flag(request, "pin", true);
        var onlyHash = KuboRequest.Flag(request, "only-hash", false);
        var wrap = KuboRequest.Flag(request, "wrap-with-directory", false);
        _ = KuboRequest.Flag(request, "recursive", false); // a CLI option (how to read local paths); the body is the tree either way
        var encoder = KuboCidEncoder.From(request);
        var budget = maxAddBytes is { } limit ? new AddBudget(limit) : null;
        var upload = await KuboRequest.FirstFileAsync(request, ctx.RequestAborted).ConfigureAwait(false);

        async Task<(IReadOnlyList<UnixFsEntry> Entries, IReadOnlyCollection<Cid> Pins)> ImportAllAsync(IBlockSink sink, CancellationToken ct)
        {
            var tree = new UnixFsTree(wrap);
            while (upload is not null)
            {
                await using (upload.ConfigureAwait(false))
                {
                    var path = UnixFsTree.SplitPath(upload.Name);
                    if (upload.IsDirectory)
                    {
                        tree.AddDirectory(path);
                    }
                    else
                    {
                        var body = budget is null ? upload.Body : new LimitedReadStream(upload.Body, budget);
                        tree.AddFile(path, await UnixFsImporter.ImportAsync(body, version, sink, store.Options.MaxBlobBytes, ct).ConfigureAwait(false));
                    }
                }

                upload = await upload.NextAsync(ct).ConfigureAwait(false);
            }

            var entries = await tree.WriteAsync(version, sink, ct).ConfigureAwait(false);
            // Kubo pins what it added: the wrapping directory, or else each top-level entry.
            var roots = wrap ? [entries[^1].Cid] : entries.Where(e => !e.Path.Contains('/', StringComparison.Ordinal)).Select(e => e.Cid).ToList();
            return (entries, pin ? roots : []);
        }

        var entries = onlyHash
            ? (await ImportAllAsync(NullBlockSink.Instance, ctx.RequestAborted).ConfigureAwait(false)).Entries
            : await store.WriteAsync<IReadOnlyList<UnixFsEntry>>(ImportAllAsync, ctx.RequestAborted).ConfigureAwait(false);

        ctx.Response.ContentType = "application/x-ndjson";
        foreach (var entry in entries)
        {
            await KuboApiHandlers.Json(ctx, new { Name = entry.Path, Hash = encoder.Encode(entry.Cid), Size = entry.CumulativeSize.ToString(CultureInfo.InvariantCulture) }).ConfigureAwait(false);
            await ctx.Response.Body.WriteAsync(NewLine, ctx.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool IsDefault(HttpRequest request, string option) => (option, request.Query[option].ToString()) switch
    {
        ("chunker", "size-262144") => true,
        ("hash", "sha2-256") => true,
        ("trickle" or "nocopy" or "fscache" or "inline" or "hidden" or "preserve-mode" or "preserve-mtime", "false") => true,
        _ => false,
    };
}
