using EmrShare.Storage.DagPb;
using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// An IPFS path as Kubo's commands take it (<c>cid</c>, <c>cid/a/b</c>, <c>/ipfs/cid/a/b</c>), resolved through
/// UnixFS directories by entry name (HAMT-sharded ones by the name's hash), every block verified on the way.
/// </summary>
public static class UnixFsPath
{
    /// <summary>The root CID and the names under it. Throws <see cref="CidFormatException"/> for a bad root.</summary>
    public static (Cid Root, IReadOnlyList<string> Names) Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.StartsWith("/ipfs/", StringComparison.Ordinal))
        {
            path = path["/ipfs/".Length..];
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new CidFormatException("empty path");
        }

        return (Cid.Parse(parts[0]), parts[1..]);
    }

    /// <summary>The CID the path names. A missing name is <see cref="BlobNotFoundException"/>, as Kubo's "no link named".</summary>
    public static async Task<Cid> ResolveAsync(IBlockSource source, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (current, names) = Parse(path);
        foreach (var name in names)
        {
            if (current.Codec != Multicodec.DagPb)
            {
                throw new BlobNotFoundException($"no link named \"{name}\" under {current}");
            }

            var node = DagPbNode.Decode(await source.GetVerifiedAsync(current, cancellationToken).ConfigureAwait(false));
            var unixFs = node.Data is { } data ? UnixFsData.Decode(data) : null;
            var link = await UnixFsDirectoryEntries.FindAsync(source, node.Links, unixFs, name, cancellationToken).ConfigureAwait(false)
                ?? throw new BlobNotFoundException($"no link named \"{name}\" under {current}");
            current = link.Cid;
        }

        return current;
    }
}
