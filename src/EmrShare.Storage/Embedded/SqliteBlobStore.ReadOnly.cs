using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>
/// Reads of stored blobs survive a folder that stopped taking writes: when the pooled read-write connection cannot
/// open or read, a read-only connection is used (Mode=ReadOnly reads a WAL database while its -shm/-wal exist;
/// when they are gone and cannot be created, the file is opened immutable — sound while nothing can write it).
/// </summary>
public sealed partial class SqliteBlobStore
{
    internal async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        SqliteException first;
        try
        {
            var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (await ProbeAsync(connection, cancellationToken).ConfigureAwait(false) is not { } failure)
            {
                return connection;
            }

            first = failure;
        }
        catch (SqliteException ex) when (StoreAvailability.IsUnavailable(ex))
        {
            first = ex;
        }

        var path = _options.DatabasePath;
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
            catch (SqliteException ex) when (StoreAvailability.IsUnavailable(ex))
            {
                // try the next, more lenient way to open the file
            }

            await connection.DisposeAsync().ConfigureAwait(false);
        }

        throw new BlobStoreUnavailableException("the blob store cannot be opened even read-only", first);
    }

    /// <summary>Reads the schema once (where a WAL reader needs its -shm); null when the connection can read.</summary>
    private static async Task<SqliteException?> ProbeAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = connection.CreateCommand();
            probe.CommandText = "SELECT count(*) FROM sqlite_master";
            await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SqliteException ex) when (StoreAvailability.IsUnavailable(ex))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return ex;
        }
    }
}
