namespace EmrShare.Core.Handshake;

/// <summary>
/// Port to the Registry's "is this a registered patient pseudonym" fact. The hospital node implements it over
/// its chain client (EmrShare.Chain); the handshake asks it before spending any state on a newcomer.
/// </summary>
public interface IPseudonymDirectory
{
    ValueTask<bool> IsRegisteredAsync(Pseudonym pseudonym, CancellationToken cancellationToken);
}
