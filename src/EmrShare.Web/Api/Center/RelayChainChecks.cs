using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;
using EmrShare.Nodes;
using EmrShare.Nodes.Chain;
using EmrShare.Web.Hosting;
using EmrShare.Web.Services;

namespace EmrShare.Web.Api.Center;

/// <summary>
/// What the relay reads from the chain before it takes a patient's quota (threat model W17-5): a message the chain
/// already holds or a pseudonym the Registry does not list would only be refused by the contract, so it is refused here
/// and costs neither gas nor quota (relayed signatures are public in calldata: anyone can resend them).
/// </summary>
internal static class RelayChainChecks
{
    /// <summary>Refuses a grant whose signer is not a registered patient pseudonym (403) or whose key is already taken (409).</summary>
    public static async Task EnsureGrantIsNewAsync(CenterActor center, SignedTypedData<Grant> signed, CancellationToken ct)
    {
        var chain = center.Center.Chain;
        var patient = signed.Message.Patient.Address;
        if (!await chain.Registry.IsPatientPseudonymAsync(patient.ToString(), ct).ConfigureAwait(false))
        {
            throw new NotRegisteredException("the grant's signer is not a registered patient pseudonym (AccessControlPatientNotRegistered)");
        }

        var key = new GrantRef(signed.Message.Grantee.ToString(), signed.Digest.ToBytes32(), signed.Message.Scope.ToBytes32());
        if (await FindGrantAsync(center, key, ct).ConfigureAwait(false) is not null)
        {
            throw new ConflictException("this grant is already on chain (AccessControlGrantExists)");
        }
    }

    /// <summary>The stored grant a revocation names: unknown is a 404, already revoked a 409.</summary>
    public static async Task<GrantInfo> LiveGrantAsync(CenterActor center, GrantRef grant, CancellationToken ct)
    {
        var stored = await FindGrantAsync(center, grant, ct).ConfigureAwait(false)
            ?? throw new UnknownEntityException("no such grant on chain (grantee, grant id and scope name it together)");
        return stored.Revoked ? throw new ConflictException("this grant is already revoked (AccessControlGrantAlreadyRevoked)") : stored;
    }

    /// <summary>The grant stored under this key, or null when there is none.</summary>
    private static async Task<GrantInfo?> FindGrantAsync(CenterActor center, GrantRef grant, CancellationToken ct)
    {
        try
        {
            var stored = await center.Center.Chain.AccessControl.GetGrantAsync(grant, ct).ConfigureAwait(false);
            return ChainAddress.Parse(stored.Patient) == ChainAddress.Zero ? null : stored;
        }
        catch (ContractRevertedException ex) when (ex.ErrorName == "AccessControlUnknownGrant")
        {
            return null;
        }
    }
}
