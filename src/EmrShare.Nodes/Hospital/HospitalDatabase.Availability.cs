using EmrShare.Storage.Embedded;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Reads survive a data folder that stopped taking writes (disk full, read-only remount, immutable files): the
/// normal pooled connection is tried first, then a read-only one (<see cref="SqliteAvailability.OpenForReadAsync"/>,
/// shared with the blob store). Writes surface such failures as <see cref="StorageUnavailableException"/>; SQLite
/// rolls the failed transaction back, so nothing half-written remains.
/// </summary>
public sealed partial class HospitalDatabase
{
    private Task<SqliteConnection> ConnectForReadAsync(CancellationToken cancellationToken) =>
        SqliteAvailability.OpenForReadAsync(_path, ConnectAsync, StorageFailure.Unavailable, cancellationToken);
}

/// <summary>Which SQLite failures mean "the storage refuses writes", and the node's typed error for them.</summary>
internal static class StorageFailure
{
    public static bool IsUnavailable(SqliteException ex) => SqliteAvailability.IsUnavailable(ex);

    public static StorageUnavailableException Unavailable(SqliteException ex) =>
        new("the hospital's data folder does not accept writes (disk full or read-only); nothing was changed", ex);
}
