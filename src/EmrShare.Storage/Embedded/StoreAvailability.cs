using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>Which SQLite failures mean "the folder refuses writes" (as opposed to a bug, a constraint, corruption).</summary>
internal static class StoreAvailability
{
    private const int Perm = 3;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    public static bool IsUnavailable(SqliteException ex) =>
        (ex.SqliteErrorCode & 0xFF) is Perm or ReadOnly or IoError or Full or CantOpen;

    /// <summary>The storage failure behind <paramref name="ex"/> (the block writer's loop may wrap it), or null.</summary>
    public static SqliteException? FindUnavailable(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SqliteException sqlite && IsUnavailable(sqlite))
            {
                return sqlite;
            }
        }

        return null;
    }

    /// <summary>
    /// SQLite silently opens a file it cannot write read-only; pooled, such a connection would refuse every write
    /// even after the folder is writable again. It is dropped from the pool and reported as SQLITE_READONLY.
    /// </summary>
    public static void ThrowIfOpenedReadOnly(SqliteConnection connection)
    {
        if (SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
        {
            SqliteConnection.ClearPool(connection);
            throw new SqliteException("the database file is read-only", ReadOnly);
        }
    }
}
