using EmrShare.Chain.Messages;
using Nethereum.Contracts;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>
/// Deploys Registry, Records, Index and AccessControl and binds the Registry's mirrors, so the deployment is
/// usable right away. The sending account of the given Web3 pays; <c>center</c> becomes the owner.
/// </summary>
public static class EmrShareDeployment
{
    public static async Task<EmrShareAddresses> DeployAsync(IWeb3 web3, string center, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(web3);
        ArgumentException.ThrowIfNullOrWhiteSpace(center);
        var registry = await DeployOneAsync(web3, new RegistryDeployment { Center = center }, cancellationToken).ConfigureAwait(false);
        var records = await DeployOneAsync(web3, new RecordsDeployment { Registry = registry }, cancellationToken).ConfigureAwait(false);
        var index = await DeployOneAsync(web3, new IndexDeployment { Registry = registry }, cancellationToken).ConfigureAwait(false);
        var accessControl = await DeployOneAsync(web3, new AccessControlDeployment { Registry = registry, Records = records }, cancellationToken).ConfigureAwait(false);
        return new EmrShareAddresses(registry, records, index, accessControl);
    }

    /// <summary>Connects the mirrors; must be sent by the Registry owner (the Center).</summary>
    public static async Task<ChainReceipt> BindMirrorsAsync(IWeb3 centerWeb3, EmrShareAddresses addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var client = new ContractClient(centerWeb3, addresses.Registry);
        var message = new BindMirrorsFunction { Records = addresses.Records, Index = addresses.Index, AccessControl = addresses.AccessControl };
        return ContractClient.ToChainReceipt(await client.SendAsync(message, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deploys all four and binds the mirrors in one go, when the deployer is the Center itself.</summary>
    public static async Task<EmrShareAddresses> DeployAndBindAsync(IWeb3 centerWeb3, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(centerWeb3);
        var center = centerWeb3.TransactionManager.Account?.Address
            ?? throw new InvalidOperationException("the Web3 instance has no sending account");
        var addresses = await DeployAsync(centerWeb3, center, cancellationToken).ConfigureAwait(false);
        await BindMirrorsAsync(centerWeb3, addresses, cancellationToken).ConfigureAwait(false);
        return addresses;
    }

    private static async Task<string> DeployOneAsync<T>(IWeb3 web3, T deployment, CancellationToken cancellationToken)
        where T : ContractDeploymentMessage, new()
    {
        try
        {
            var hash = await AccountSubmission.SubmitAsync(web3, prepare: null, () => web3.Eth.GetContractDeploymentHandler<T>().SendRequestAsync(deployment), cancellationToken).ConfigureAwait(false);
            var receipt = await web3.TransactionReceiptPolling.PollForReceiptAsync(hash, cancellationToken).ConfigureAwait(false);
            ContractClient.EnsureSucceeded(receipt);
            return receipt.ContractAddress;
        }
        catch (Exception ex) when (RevertDecoder.TryDecode(ex) is { } reverted)
        {
            throw reverted;
        }
    }
}
