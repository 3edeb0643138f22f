namespace EmrShare.Storage.Multiformats;

/// <summary>The multicodec codes this store understands (table: multiformats/multicodec).</summary>
public static class Multicodec
{
    /// <summary>Raw bytes — a CIDv1 raw leaf.</summary>
    public const ulong Raw = 0x55;

    /// <summary>MerkleDAG protobuf — UnixFS nodes.</summary>
    public const ulong DagPb = 0x70;

    /// <summary>Multihash function code of SHA2-256.</summary>
    public const ulong Sha2_256 = 0x12;

    public static string Name(ulong codec) => codec switch
    {
        Raw => "raw",
        DagPb => "dag-pb",
        _ => "0x" + codec.ToString("x", System.Globalization.CultureInfo.InvariantCulture),
    };
}
