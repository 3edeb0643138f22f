using Dapper;
using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// The desk's check-in challenges (issue 17): issued, and when spent. Synchronous, because the handshake responder
/// checks and spends them inside its synchronous steps; each is one short statement on the pooled connection.
/// </summary>
public sealed partial class HospitalDatabase
{
    private const string DeskChallengeSchema =
        """
        CREATE TABLE IF NOT EXISTS desk_challenges (challenge TEXT PRIMARY KEY, issued INTEGER NOT NULL, spent INTEGER NULL);
        CREATE INDEX IF NOT EXISTS desk_challenges_issued ON desk_challenges (issued);
        """;

    /// <summary>Remembers a newly issued challenge and forgets those issued before <paramref name="forgetBefore"/> (expired).</summary>
    public void InsertDeskChallenge(string challenge, long issued, long forgetBefore)
    {
        using var c = Connect();
        using var tx = c.BeginTransaction();
        c.Execute("DELETE FROM desk_challenges WHERE issued < @forgetBefore", new { forgetBefore }, tx);
        c.Execute("INSERT INTO desk_challenges (challenge, issued, spent) VALUES (@challenge, @issued, NULL)", new { challenge, issued }, tx);
        tx.Commit();
    }

    /// <summary>The challenge's issue time and spend time (null: not spent), or null when this desk never issued it (or forgot it).</summary>
    public (long Issued, long? Spent)? FindDeskChallenge(string challenge)
    {
        using var c = Connect();
        var row = c.QuerySingleOrDefault<(long Issued, long? Spent)?>(
            "SELECT issued AS Issued, spent AS Spent FROM desk_challenges WHERE challenge = @challenge", new { challenge });
        return row;
    }

    /// <summary>
    /// Marks the challenge spent if it was issued at <paramref name="issued"/>, not before <paramref name="oldestValid"/>,
    /// and not spent yet: one conditional UPDATE, so of concurrent spends exactly one changes the row. True if this call did.
    /// </summary>
    public bool TrySpendDeskChallenge(string challenge, long issued, long oldestValid, long now)
    {
        using var c = Connect();
        return c.Execute(
            "UPDATE desk_challenges SET spent = @now WHERE challenge = @challenge AND issued = @issued AND issued >= @oldestValid AND spent IS NULL",
            new { challenge, issued, oldestValid, now }) == 1;
    }

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteAvailability.ThrowIfOpenedReadOnly(connection);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = SyncEveryCommit ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            connection.Dispose();
            throw StorageFailure.Unavailable(ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
