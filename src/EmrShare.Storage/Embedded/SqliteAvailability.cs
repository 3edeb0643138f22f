using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// SQLite on a data folder that stopped taking writes (disk full, read-only remount, immutable files): which
/// failures mean "the folder refuses writes" (as opposed to a bug, a constraint, corruption), and how reads keep
/// working anyway. Shared by the blob store and the hospital's EMR database.
/// </summary>
public static class SqliteAvailability
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

    /// <summary>
    /// A connection that can read: <paramref name="openPrimary"/> (the pooled read-write connection) when it opens
    /// and reads, otherwise a read-only one on <paramref name="path"/>. Mode=ReadOnly reads a WAL database while its
    /// -shm and -wal exist (SQLite maps a read-only -shm); when they are gone and cannot be created in an unwritable
    /// folder, the file is opened immutable (no locks, WAL index in private memory) — sound while nothing can
    /// write the folder. When no way works, <paramref name="unavailable"/> turns the first failure into the
    /// caller's typed error.
    /// </summary>
    public static async Task<SqliteConnection> OpenForReadAsync(
        string path,
        Func<CancellationToken, Task<SqliteConnection>> openPrimary,
        Func<SqliteException, Exception> unavailable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openPrimary);
        ArgumentNullException.ThrowIfNull(unavailable);
        SqliteException first;
        try
        {
            var connection = await openPrimary(cancellationToken).ConfigureAwait(false);
            if (await ProbeAsync(connection, cancellationToken).ConfigureAwait(false) is not { } failure)
            {
                return connection;
            }

            first = failure;
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            first = ex;
        }

        string[] fallbacks =
        [
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(),
            new SqliteConnectionStringBuilder { DataSource = new Uri(Path.GetFullPath(path)).AbsoluteUri + "?immutable=1", Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString(),
        ];
        foreach (var fallback in fallbacks)
        {
            var connection = new SqliteConnection(fallback);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                if (await ProbeAsync(connection, cancellationToken).ConfigureAwait(false) is null)
                {
                    return connection;
                }
            }
            catch (SqliteException ex) when (IsUnavailable(ex))
            {
                // try the next, more lenient way to open the file
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        throw unavailable(first);
    }

    /// <summary>
    /// Opening a database on a folder that may refuse writes: <paramref name="createSchema"/> runs on the normal
    /// connection; when the folder refuses writes (a node restarted on a read-only or full disk) the database is
    /// still usable for reads if every table in <paramref name="tables"/> already exists, and the open succeeds in
    /// that read-only state. A database that was never created there cannot be served: <paramref name="unavailable"/>.
    /// </summary>
    public static async Task EnsureSchemaAsync(
        string path,
        Func<CancellationToken, Task<SqliteConnection>> openPrimary,
        Func<SqliteConnection, CancellationToken, Task> createSchema,
        IReadOnlyCollection<string> tables,
        Func<SqliteException, Exception> unavailable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openPrimary);
        ArgumentNullException.ThrowIfNull(createSchema);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(unavailable);
        SqliteException refused;
        try
        {
            await using var connection = await openPrimary(cancellationToken).ConfigureAwait(false);
            await createSchema(connection, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            refused = ex;
        }

        await using var reader = await OpenForReadAsync(path, _ => throw refused, unavailable, cancellationToken).ConfigureAwait(false);
        await using var command = reader.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await rows.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                present.Add(rows.GetString(0));
            }
        }

        if (!tables.All(present.Contains))
        {
            throw unavailable(refused);
        }
    }

    /// <summary>Reads the schema once (this is where a WAL reader needs its -shm); null when the connection can read.</summary>
    private static async Task<SqliteException?> ProbeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master";
            await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SqliteException ex) when (IsUnavailable(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return ex;
        }
    }
}
