namespace EmrShare.Chain;

/// <summary>The Records contract (commitment anchors) as seen by one sending account.</summary>
public interface IRecordsContract
{
    string Address { get; }

    Task<ChainReceipt> AnchorRecordAsync(Bytes32 recordId, uint version, Bytes32 commitment, Bytes32 previousCommitment, CancellationToken cancellationToken);

    Task<ChainReceipt> AnchorBatchAsync(Bytes32 root, uint count, CancellationToken cancellationToken);

    /// <summary>The anchored commitment, or <see cref="Bytes32.Zero"/> when none.</summary>
    Task<Bytes32> GetCommitmentAsync(string hospital, Bytes32 recordId, uint version, CancellationToken cancellationToken);

    Task<uint> GetBatchSizeAsync(string hospital, Bytes32 root, CancellationToken cancellationToken);

    Task<bool> VerifyBatchRecordAsync(string hospital, Bytes32 root, Bytes32 recordId, uint version, Bytes32 commitment, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken);

    Task<Bytes32> GetDomainSeparatorAsync(CancellationToken cancellationToken);

    Task<Bytes32> GetManifestTypeHashAsync(CancellationToken cancellationToken);
}
