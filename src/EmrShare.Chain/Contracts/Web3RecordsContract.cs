using EmrShare.Chain.Messages;

namespace EmrShare.Chain.Contracts;

/// <summary>Nethereum adapter of <see cref="IRecordsContract"/>.</summary>
public sealed class Web3RecordsContract(ContractClient client) : IRecordsContract
{
    public string Address => client.Address;

    public async Task<ChainReceipt> AnchorRecordAsync(Bytes32 recordId, uint version, Bytes32 commitment, Bytes32 previousCommitment, CancellationToken cancellationToken)
    {
        var message = new AnchorRecordFunction
        {
            RecordId = recordId.ToArray(),
            Version = version,
            Commitment = commitment.ToArray(),
            PreviousCommitment = previousCommitment.ToArray(),
        };
        return ContractClient.ToChainReceipt(await client.SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    public async Task<ChainReceipt> AnchorBatchAsync(Bytes32 root, uint count, CancellationToken cancellationToken) =>
        ContractClient.ToChainReceipt(await client.SendAsync(new AnchorBatchFunction { Root = root.ToArray(), Count = count }, cancellationToken).ConfigureAwait(false));

    public async Task<Bytes32> GetCommitmentAsync(string hospital, Bytes32 recordId, uint version, CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<CommitmentOfFunction, byte[]>(
            new CommitmentOfFunction { Hospital = hospital, RecordId = recordId.ToArray(), Version = version }, cancellationToken).ConfigureAwait(false));

    public Task<uint> GetBatchSizeAsync(string hospital, Bytes32 root, CancellationToken cancellationToken) =>
        client.QueryAsync<BatchSizeFunction, uint>(new BatchSizeFunction { Hospital = hospital, Root = root.ToArray() }, cancellationToken);

    public Task<bool> VerifyBatchRecordAsync(string hospital, Bytes32 root, Bytes32 recordId, uint version, Bytes32 commitment, IReadOnlyList<Bytes32> proof, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var message = new VerifyBatchRecordFunction
        {
            Hospital = hospital,
            Root = root.ToArray(),
            RecordId = recordId.ToArray(),
            Version = version,
            Commitment = commitment.ToArray(),
            Proof = [.. proof.Select(p => p.ToArray())],
        };
        return client.QueryAsync<VerifyBatchRecordFunction, bool>(message, cancellationToken);
    }

    public async Task<Bytes32> GetDomainSeparatorAsync(CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<DomainSeparatorFunction, byte[]>(new DomainSeparatorFunction(), cancellationToken).ConfigureAwait(false));

    public async Task<Bytes32> GetManifestTypeHashAsync(CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<ManifestTypeHashFunction, byte[]>(new ManifestTypeHashFunction(), cancellationToken).ConfigureAwait(false));
}
