using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Reads survive a data folder that stopped taking writes (disk full, read-only remount, immutable files): the
/// normal pooled connection is tried first, and when SQLite cannot open or read through it a read-only connection
/// is opened instead. Writes surface such failures as <see cref="StorageUnavailableException"/>; SQLite rolls the
/// failed transaction back, so nothing half-written remains.
/// </summary>
public sealed partial class HospitalDatabase
{
    private async Task<SqliteConnection> ConnectForReadAsync(CancellationToken cancellationToken)
    {
        SqliteException first;
        try
        {
            var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            if (await ProbeAsync(connection, cancellationToken).ConfigureAwait(false) is not { } failure)
            {
                return connection;
            }

            first = failure;
        }
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            first = ex;
        }

        // Mode=ReadOnly reads a WAL database while its -shm and -wal exist (SQLite maps a read-only -shm). When they
        // are gone and cannot be created in an unwritable folder, the file is opened immutable (no locks, WAL index in
        // private memory) — sound while nothing can write the folder.
        var readOnly = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        var immutable = new SqliteConnectionStringBuilder
        {
            DataSource = new Uri(Path.GetFullPath(_path)).AbsoluteUri + "?immutable=1",
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        foreach (var fallback in (string[])[readOnly, immutable])
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
            catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
            {
                // try the next, more lenient way to open the file
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        throw StorageFailure.Unavailable(first);
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
        catch (SqliteException ex) when (StorageFailure.IsUnavailable(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return ex;
        }
    }
}

/// <summary>Which SQLite failures mean "the storage refuses writes", as opposed to a bug or a constraint.</summary>
internal static class StorageFailure
{
    private const int Perm = 3;
    private const int ReadOnly = 8;
    private const int IoError = 10;
    private const int Full = 13;
    private const int CantOpen = 14;

    public static bool IsUnavailable(SqliteException ex) =>
        (ex.SqliteErrorCode & 0xFF) is Perm or ReadOnly or IoError or Full or CantOpen;

    public static StorageUnavailableException Unavailable(SqliteException ex) =>
        new("the hospital's data folder does not accept writes (disk full or read-only); nothing was changed", ex);
}
