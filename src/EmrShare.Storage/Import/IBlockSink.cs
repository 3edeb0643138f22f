using EmrShare.Storage.Multiformats;

namespace EmrShare.Storage.Import;

/// <summary>Receives the blocks of an import, children always before their parents.</summary>
public interface IBlockSink
{
    /// <summary><paramref name="block"/> is only valid during the call (the importer reuses its chunk buffer).</summary>
    ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken);
}

/// <summary>Discards blocks — computes a CID without storing anything ("ipfs add --only-hash").</summary>
public sealed class NullBlockSink : IBlockSink
{
    public static NullBlockSink Instance { get; } = new();

    public ValueTask WriteBlockAsync(Cid cid, ReadOnlyMemory<byte> block, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
