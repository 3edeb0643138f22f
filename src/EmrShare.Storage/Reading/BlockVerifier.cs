using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>Fetch-and-verify: the only way block bytes leave a store, so tampered bytes never reach a caller.</summary>
public static class BlockVerifier
{
    public static async ValueTask<byte[]> GetVerifiedAsync(this IBlockSource source, Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var block = await source.GetRawBlockAsync(cid, cancellationToken).ConfigureAwait(false);
        return cid.Matches(block) ? block : throw new BlockIntegrityException(cid);
    }
}
