using EmrShare.Storage.Multiformats;
using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>Tables of the embedded store: blocks by binary CID, and recursive pins.</summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyCollection<string> Tables = ["blocks", "pins"];

    public static async Task EnsureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA page_size=65536;
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS blocks (id INTEGER PRIMARY KEY, cid BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS pins (cid BLOB PRIMARY KEY, pinned_at INTEGER NOT NULL) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Row with this CID in <paramref name="table"/> ("blocks" or "pins" — fixed names, never user input).</summary>
    public static async Task<bool> ExistsAsync(SqliteConnection connection, string table, Cid cid, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = table switch
        {
            "blocks" => "SELECT 1 FROM blocks WHERE cid = $cid",
            "pins" => "SELECT 1 FROM pins WHERE cid = $cid",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        command.Parameters.AddWithValue("$cid", cid.Bytes.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
    }
}
