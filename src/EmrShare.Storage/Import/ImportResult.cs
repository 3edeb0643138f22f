using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>Outcome of an import: the root, the file's byte length, the DAG's cumulative size (Kubo's "Size") and block count.</summary>
public sealed record ImportResult(Cid Root, long FileSize, ulong CumulativeSize, int BlockCount);
