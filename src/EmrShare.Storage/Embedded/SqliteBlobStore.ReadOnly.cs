using Microsoft.Data.Sqlite;

namespace EmrShare.Storage.Embedded;

/// <summary>Reads of stored blobs survive a folder that stopped taking writes (see <see cref="SqliteAvailability.OpenForReadAsync"/>).</summary>
public sealed partial class SqliteBlobStore
{
    internal Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        SqliteAvailability.OpenForReadAsync(_options.DatabasePath, OpenConnectionAsync,
            first => new BlobStoreUnavailableException("the blob store cannot be opened even read-only", first), cancellationToken);
}
