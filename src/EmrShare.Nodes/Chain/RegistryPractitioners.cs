using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Chain;

/// <summary>Core's <see cref="IPractitionerRegistry"/> over a node's Registry binding (a revert means "not a practitioner").</summary>
internal sealed class RegistryPractitioners(IRegistryContract registry) : IPractitionerRegistry
{
    public async Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken)
    {
        try
        {
            var info = await registry.GetPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false);
            return new PractitionerStanding(ChainAddress.Parse(info.Hospital), info.Active);
        }
        catch (ContractRevertedException)
        {
            return null;
        }
    }
}
