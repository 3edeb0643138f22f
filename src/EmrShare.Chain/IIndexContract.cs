namespace EmrShare.Chain;

/// <summary>The Index contract as seen by a patient's index account.</summary>
public interface IIndexContract
{
    string Address { get; }

    Task<ChainReceipt> AnchorIndexAsync(Bytes32 indexHash, ulong sequence, CancellationToken cancellationToken);

    Task<IndexAnchor> GetLatestIndexAsync(string account, CancellationToken cancellationToken);

    Task<Bytes32> GetIndexHashAtAsync(string account, ulong sequence, CancellationToken cancellationToken);
}
