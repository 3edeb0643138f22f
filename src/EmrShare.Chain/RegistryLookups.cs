namespace EmrShare.Chain;

/// <summary>Registry reads where "not registered" is an answer, not an error.</summary>
public static class RegistryLookups
{
    /// <summary>
    /// The practitioner's registration, or null when the Registry has none (its getter reverts for an unknown
    /// address). The one lookup behind Core's manifest-signer check, for the nodes and for the phone wallet.
    /// </summary>
    public static async Task<PractitionerInfo?> FindPractitionerAsync(this IRegistryContract registry, string practitioner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        try
        {
            return await registry.GetPractitionerAsync(practitioner, cancellationToken).ConfigureAwait(false);
        }
        catch (ContractRevertedException)
        {
            return null;
        }
    }
}
