using EmrShare.Chain.Contracts;
using Nethereum.Web3;

namespace EmrShare.Chain;

/// <summary>Binds the four contracts of a deployment to one Nethereum <see cref="IWeb3"/> (whose account sends).</summary>
public sealed class EmrShareChain : IEmrShareChain
{
    public EmrShareChain(IWeb3 web3, EmrShareAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        Addresses = addresses;
        Registry = new Web3RegistryContract(new ContractClient(web3, addresses.Registry));
        Records = new Web3RecordsContract(new ContractClient(web3, addresses.Records));
        Index = new Web3IndexContract(new ContractClient(web3, addresses.Index));
        AccessControl = new Web3AccessControlContract(new ContractClient(web3, addresses.AccessControl));
    }

    public EmrShareAddresses Addresses { get; }

    public IRegistryContract Registry { get; }

    public IRecordsContract Records { get; }

    public IIndexContract Index { get; }

    public IAccessControlContract AccessControl { get; }
}
