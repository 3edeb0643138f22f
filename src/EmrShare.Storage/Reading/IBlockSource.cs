using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Reading;

/// <summary>Where a DAG reader gets raw, not yet verified block bytes from.</summary>
public interface IBlockSource
{
    /// <summary>The stored bytes of <paramref name="cid"/>; <see cref="BlobNotFoundException"/> when absent.</summary>
    ValueTask<byte[]> GetRawBlockAsync(Cid cid, CancellationToken cancellationToken);
}
