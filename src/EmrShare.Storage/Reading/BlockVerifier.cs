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

    /// <summary>
    /// <see cref="GetVerifiedAsync"/> into a pooled buffer when <paramref name="source"/> can fill one (the caller returns
    /// it with <see cref="PooledBlock.Return"/>); the same hash check, and a block that fails it is returned to the pool here.
    /// </summary>
    public static async ValueTask<PooledBlock> GetVerifiedPooledAsync(this IBlockSource source, Cid cid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is not IPooledBlockSource pooled)
        {
            var block = await source.GetVerifiedAsync(cid, cancellationToken).ConfigureAwait(false);
            return new PooledBlock(block, block.Length, Rented: false);
        }

        var raw = await pooled.GetRawBlockPooledAsync(cid, cancellationToken).ConfigureAwait(false);
        if (!cid.Matches(raw.Memory.Span))
        {
            raw.Return();
            throw new BlockIntegrityException(cid);
        }

        return raw;
    }
}
