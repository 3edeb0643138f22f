using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Nodes.Chain;

namespace EmrShare.Nodes.Hospital;

/// <summary>Where a grant held here stands on chain, so staff are not offered a request the custodian must refuse (issue 16 #13).</summary>
public enum HeldGrantStatus
{
    Active,

    /// <summary>The patient revoked it: requests are refused; copies received before it stay here.</summary>
    Revoked,

    /// <summary>Its expiry has passed: requests are refused.</summary>
    Expired,
}

public sealed partial class HospitalService
{
    /// <summary>The on-chain state of a grant this hospital holds as grantee (a chain read; an outage is <see cref="ChainUnavailableException"/>).</summary>
    public async Task<HeldGrantStatus> GetHeldGrantStatusAsync(GrantRow grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var info = await Chain.AccessControl.GetGrantAsync(
            new GrantRef(Address.ToString(), Hash32.Parse(grant.GrantId).ToBytes32(), Hash32.Parse(grant.Scope).ToBytes32()), cancellationToken).ConfigureAwait(false);
        if (info.Revoked)
        {
            return HeldGrantStatus.Revoked;
        }

        return info.Expiry <= (ulong)_time.GetUtcNow().ToUnixTimeSeconds() ? HeldGrantStatus.Expired : HeldGrantStatus.Active;
    }
}
