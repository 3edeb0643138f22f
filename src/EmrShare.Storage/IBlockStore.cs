using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage;

/// <summary>Block-level access, as <c>ipfs block get/put</c> offers it (used by the Kubo-compatible API and to copy DAGs).</summary>
public interface IBlockStore
{
    /// <summary>The verified bytes of one block.</summary>
    Task<byte[]> GetBlockAsync(Cid cid, CancellationToken cancellationToken);

    /// <summary>Stores one block under its SHA2-256 CID of the given codec (CIDv0 when <paramref name="cidVersion"/> is 0).</summary>
    Task<Cid> PutBlockAsync(ReadOnlyMemory<byte> block, ulong codec, int cidVersion, CancellationToken cancellationToken);
}
