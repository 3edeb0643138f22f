namespace EmrShare.Chain;

/// <summary>The four EmrShare contracts of one deployment, bound to one sending account.</summary>
public interface IEmrShareChain
{
    EmrShareAddresses Addresses { get; }

    IRegistryContract Registry { get; }

    IRecordsContract Records { get; }

    IIndexContract Index { get; }

    IAccessControlContract AccessControl { get; }
}
