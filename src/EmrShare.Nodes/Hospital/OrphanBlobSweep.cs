using EmrShare.Storage;
using EmrShare.Storage.Embedded;
using Microsoft.Extensions.Logging;

namespace EmrShare.Nodes.Hospital;

/// <summary>
/// Startup sweep for creates cut off (kill -9, power loss) between storing the envelope and writing its row: the
/// envelope stays pinned with no row pointing at it. Such blobs are ciphertext nobody holds a key row for, so they
/// are unreadable, but they waste space; this removes them. Only pins older than a grace period are touched, so a
/// create running in another process on the same folder (a one-shot CLI next to `hospital serve`) is not harmed.
/// Only the node's own embedded store is swept: an external (Kubo) store is shared and its pins are not ours alone.
/// </summary>
public static partial class OrphanBlobSweep
{
    /// <summary>Longer than any create takes from blob to row (anchor included), with a wide margin.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMinutes(15);

    /// <summary>Removes pinned blobs no row refers to and pinned before now − <paramref name="grace"/>; returns how many.</summary>
    public static async Task<int> SweepAsync(HospitalDatabase database, SqliteBlobStore store, TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(grace, TimeSpan.Zero);
        // Pins first, rows second: a create that commits its row in between is then seen as referenced.
        var candidates = await store.ListPinsOlderThanAsync(time.GetUtcNow() - grace, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var referenced = await database.ListReferencedCidsAsync(cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var cid in candidates.Where(c => !referenced.Contains(c.ToString())))
        {
            await store.RemoveAsync(cid, cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    /// <summary>
    /// The call a node makes when it opens: sweeps its own embedded store with <see cref="DefaultGrace"/>. A folder
    /// that refuses writes (disk full, read-only) skips the sweep — the node still opens to serve reads. Pass null as
    /// the store when the node uses an external one.
    /// </summary>
    public static async Task<int> SweepAtOpenAsync(HospitalDatabase database, IBlobStore? ownStore, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (ownStore is not SqliteBlobStore own)
        {
            return 0;
        }

        try
        {
            return await SweepAsync(database, own, DefaultGrace, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is BlobStoreUnavailableException or StorageUnavailableException
            || (ex is Microsoft.Data.Sqlite.SqliteException sqlite && StorageFailure.IsUnavailable(sqlite)))
        {
            LogSweepSkipped(logger, ex.GetType().Name);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "orphan envelope sweep skipped: the data folder refuses writes ({ErrorType}); the node opens for reads")]
    private static partial void LogSweepSkipped(ILogger logger, string errorType);
}
