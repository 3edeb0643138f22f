using EmrShare.Storage.Reading;

namespace EmrShare.Storage;

/// <summary>
/// A store the read-only peer API can serve: whole blobs, raw blocks and DAG walks. The embedded store is one, and so
/// is a Kubo node reached over its RPC API, so a hospital whose blobs live in an external Kubo still serves its peers.
/// </summary>
public interface IReadableStore : IBlobStore, IBlockStore, IBlockSource;
