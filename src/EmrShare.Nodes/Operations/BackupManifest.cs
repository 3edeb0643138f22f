namespace EmrShare.Nodes.Operations;

/// <summary>
/// What a backup folder holds: each file with its size and SHA-256, written last, so a folder without it is an
/// incomplete backup and a file that changed since is refused at restore.
/// </summary>
public sealed record BackupManifest(int FormatVersion, DateTimeOffset CreatedAt, long RecordVersions, IReadOnlyList<BackupEntry> Files)
{
    public const string FileName = "backup-manifest.json";

    public const int CurrentFormat = 1;
}

/// <summary>One backed-up file, by its path relative to the data folder (always '/'-separated).</summary>
public sealed record BackupEntry(string Path, long Size, string Sha256);
