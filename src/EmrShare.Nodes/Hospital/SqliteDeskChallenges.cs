using System.Security.Cryptography;
using EmrShare.Core;
using EmrShare.Core.Handshake;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The desk's challenges in the hospital's EMR database (issued, expires with <see cref="DeskChallenges.MaxAge"/>,
/// spent), so a code on the desk's screen still works after the hospital restarts. Same rules as the in-memory
/// <see cref="DeskChallenges"/>; a spend is one conditional UPDATE, so two phones racing one code cannot both win.
/// </summary>
public sealed class SqliteDeskChallenges(HospitalDatabase database, TimeProvider time) : IDeskChallengeStore
{
    public DeskChallenge Issue()
    {
        var now = time.GetUtcNow();
        var challenge = new DeskChallenge(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)), now.ToUnixTimeSeconds());
        database.InsertDeskChallenge(challenge.Challenge.ToString(), challenge.Issued, OldestValid(now));
        return challenge;
    }

    public void Check(DeskChallenge desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var row = database.FindDeskChallenge(desk.Challenge.ToString());
        if (row is not { } found || found.Spent is not null || found.Issued < OldestValid(time.GetUtcNow()))
        {
            throw DeskChallenges.NotUsable();
        }

        if (found.Issued != desk.Issued)
        {
            throw DeskChallenges.IssueTimeMismatch();
        }
    }

    public void Spend(DeskChallenge desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var now = time.GetUtcNow();
        if (!database.TrySpendDeskChallenge(desk.Challenge.ToString(), desk.Issued, OldestValid(now), now.ToUnixTimeSeconds()))
        {
            // Say why in the same words as Check: spent, expired, unknown, or another issue time.
            Check(desk);
            throw DeskChallenges.NotUsable();
        }
    }

    private static long OldestValid(DateTimeOffset now) => (now - DeskChallenges.MaxAge).ToUnixTimeSeconds();
}
