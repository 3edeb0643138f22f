namespace EmrShare.Storage.Embedded;

/// <summary>
/// Settings of the embedded store. <see cref="MaxBlobBytes"/> rejects larger uploads
/// (<see cref="BlobTooLargeException"/>, nothing kept); <see cref="BlocksPerTransaction"/> trades fsyncs for
/// WAL growth during a put (the root and its pin are always committed together, last).
/// <see cref="SyncEveryCommit"/> fsyncs each commit (SQLite synchronous=FULL) so an acknowledged put also
/// survives power loss; the default (NORMAL) survives process crashes and never corrupts, and skips those fsyncs.
/// </summary>
public sealed record EmbeddedStoreOptions(string DatabasePath, long? MaxBlobBytes = null, int BlocksPerTransaction = 32, bool SyncEveryCommit = false)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new ArgumentException("DatabasePath is required", nameof(DatabasePath));
        }

        if (MaxBlobBytes is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBlobBytes), "must be positive");
        }

        if (BlocksPerTransaction < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BlocksPerTransaction), "must be at least 1");
        }
    }
}
