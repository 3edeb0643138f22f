using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>
/// A block source that reads into a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> rather than a
/// fresh array per block (a 256 KiB leaf would otherwise be a large-object allocation). The bytes are not verified yet:
/// <see cref="BlockVerifier.GetVerifiedPooledAsync"/> hashes them before anyone sees them.
/// </summary>
public interface IPooledBlockSource : IBlockSource
{
    /// <summary>The stored bytes of <paramref name="cid"/> in a rented buffer the caller returns; <see cref="BlobNotFoundException"/> when absent.</summary>
    ValueTask<PooledBlock> GetRawBlockPooledAsync(Cid cid, CancellationToken cancellationToken);
}

/// <summary>Block bytes, the first <paramref name="Length"/> of <paramref name="Buffer"/>; <paramref name="Rented"/> says whether to return it to the pool.</summary>
public readonly record struct PooledBlock(byte[] Buffer, int Length, bool Rented)
{
    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    public void Return()
    {
        if (Rented)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
