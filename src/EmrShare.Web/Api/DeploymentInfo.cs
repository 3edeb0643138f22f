using EmrShare.Chain;

namespace EmrShare.Web.Api;

/// <summary>Where the EmrShare contracts live: enough for any Ethereum client to follow the chain.</summary>
public sealed record DeploymentInfo(long ChainId, string Registry, string Records, string Index, string AccessControl)
{
    public static DeploymentInfo Of(long chainId, EmrShareAddresses addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        return new DeploymentInfo(chainId, addresses.Registry, addresses.Records, addresses.Index, addresses.AccessControl);
    }
}
