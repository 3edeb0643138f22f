namespace EmrShare.Core.Handshake;

/// <summary>
/// Where a hospital keeps the challenges its desk's check-in QR codes show: in memory (<see cref="DeskChallenges"/>) or
/// in the hospital's database, so codes on screen survive a restart. Every store keeps the same rules: a challenge
/// is accepted only if issued here with the same issue time, at most <see cref="DeskChallenges.MaxAge"/> old, and it is
/// spent once — of any number of concurrent spends of one challenge exactly one succeeds.
/// </summary>
public interface IDeskChallengeStore
{
    /// <summary>A fresh challenge for the desk's QR, remembered with its issue time.</summary>
    DeskChallenge Issue();

    /// <summary>
    /// Checks without spending. Unknown, older than <see cref="DeskChallenges.MaxAge"/> or already spent →
    /// <see cref="HandshakeReplayException"/>; issued here but with another issue time → <see cref="HandshakeStateException"/>.
    /// </summary>
    void Check(DeskChallenge desk);

    /// <summary>Spends the challenge once: a second use is a <see cref="HandshakeReplayException"/>.</summary>
    void Spend(DeskChallenge desk);
}
