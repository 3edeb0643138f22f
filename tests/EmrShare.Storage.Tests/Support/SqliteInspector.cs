using EmrShare.Storage.Multiformats;
using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Tests.Support;

/// <summary>Looks at (and vandalises) the embedded store's database file directly, as an attacker or a crash would.</summary>
public static class SqliteInspector
{
    public static long Count(string databasePath, string table)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = table == "pins" ? "SELECT COUNT(*) FROM pins" : "SELECT COUNT(*) FROM blocks";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Flips one bit of the stored block <paramref name="cid"/> in place.</summary>
    public static void FlipByte(string databasePath, Cid cid, int offset)
    {
        using var connection = Open(databasePath);
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT data FROM blocks WHERE cid = $cid";
        select.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
        var data = (byte[])select.ExecuteScalar()!;
        data[offset % data.Length] ^= 0x01;
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE blocks SET data = $data WHERE cid = $cid";
        update.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
        update.Parameters.AddWithValue("$data", data);
        if (update.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException("block not found to tamper with");
        }
    }

    /// <summary>Makes every insert beyond <paramref name="maxBlocks"/> fail, as a full disk would.</summary>
    public static void FailInsertsBeyond(string databasePath, int maxBlocks)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER disk_full BEFORE INSERT ON blocks WHEN (SELECT COUNT(*) FROM blocks) >= {maxBlocks} BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END";
        command.ExecuteNonQuery();
    }

    public static string IntegrityCheck(string databasePath)
    {
        using var connection = Open(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
