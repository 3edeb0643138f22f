using EmrShare.Chain;
using EmrShare.Core;
using EmrShare.Core.Signing;

namespace EmrShare.Nodes.Chain;

/// <summary>Core's <see cref="IPractitionerRegistry"/> over a node's Registry binding (Chain's <see cref="RegistryLookups"/>).</summary>
internal sealed class RegistryPractitioners(IRegistryContract registry) : IPractitionerRegistry
{
    public async Task<PractitionerStanding?> FindPractitionerAsync(ChainAddress practitioner, CancellationToken cancellationToken) =>
        await registry.FindPractitionerAsync(practitioner.ToString(), cancellationToken).ConfigureAwait(false) is { } info
            ? new PractitionerStanding(ChainAddress.Parse(info.Hospital), info.Active)
            : null;
}
