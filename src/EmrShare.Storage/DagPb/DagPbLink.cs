using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.DagPb;

/// <summary>A dag-pb link. <paramref name="TotalSize"/> (Tsize) is the child block plus everything below it.</summary>
public sealed record DagPbLink(Cid Cid, string Name, ulong TotalSize);
