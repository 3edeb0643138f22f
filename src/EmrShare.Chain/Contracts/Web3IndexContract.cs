using EmrShare.Chain.Messages;

namespace EmrShare.Chain.Contracts;

/// <summary>Nethereum adapter of <see cref="IIndexContract"/>.</summary>
public sealed class Web3IndexContract(ContractClient client) : IIndexContract
{
    public string Address => client.Address;

    public async Task<ChainReceipt> AnchorIndexAsync(Bytes32 indexHash, ulong sequence, CancellationToken cancellationToken) =>
        ContractClient.ToChainReceipt(await client.SendAsync(new AnchorIndexFunction { IndexHash = indexHash.ToArray(), Sequence = sequence }, cancellationToken).ConfigureAwait(false));

    public async Task<IndexAnchor> GetLatestIndexAsync(string account, CancellationToken cancellationToken)
    {
        var output = await client.QueryObjectAsync<LatestIndexFunction, LatestIndexOutput>(new LatestIndexFunction { Account = account }, cancellationToken).ConfigureAwait(false);
        return new IndexAnchor(Bytes32.FromBytes(output.IndexHash), output.Sequence);
    }

    public async Task<Bytes32> GetIndexHashAtAsync(string account, ulong sequence, CancellationToken cancellationToken) =>
        Bytes32.FromBytes(await client.QueryAsync<IndexHashAtFunction, byte[]>(new IndexHashAtFunction { Account = account, Sequence = sequence }, cancellationToken).ConfigureAwait(false));
}
