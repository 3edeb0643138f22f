using System.Security.Cryptography;
using EmrShare.Core.IO;
using EmrShare.Nodes.Deployment;
using Microsoft.Data.Sqlite;

namespace EmrShare.Nodes.Operations;

/// <summary>
/// Online backup and restore of a hospital's data folder while its node serves. Each SQLite database (the EMR
/// database with the watcher cursor, the blob store, the account store) is copied with <c>VACUUM INTO</c>: one
/// read transaction, so each copy is a consistent snapshot even mid-write. The EMR database goes first: a record
/// row is committed only after its envelope is in the blob store, so every row in the EMR snapshot finds its blob
/// in the later blob-store snapshot (a blob with no row yet is an orphan the node sweeps at open). The other files
/// (keystore, hospital.json, deployment) are small and replaced atomically, so a plain copy is consistent.
/// </summary>
public static class HospitalBackup
{
    private const string EmrDatabase = "emr.db";

    public static async Task<BackupManifest> CreateAsync(string dataDirectory, string target, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var source = Path.GetFullPath(dataDirectory);
        if (!File.Exists(Path.Combine(source, EmrDatabase)))
        {
            throw new BackupException($"{source} is not a hospital data folder (no {EmrDatabase})");
        }

        var destination = EmptyFolder(target, "backup target");
        var databases = Directory.EnumerateFiles(source, "*.db", SearchOption.AllDirectories)
            .OrderBy(f => Path.GetFileName(f) == EmrDatabase ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal).ToList();
        foreach (var database in databases)
        {
            await SnapshotAsync(database, Path.Combine(destination, Path.GetRelativePath(source, database)), cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(IsPlainFile).ToList())
        {
            await PrivateFiles.CopyFileAsync(file, Path.Combine(destination, Path.GetRelativePath(source, file)), cancellationToken).ConfigureAwait(false);
        }

        var entries = new List<BackupEntry>();
        foreach (var file in Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            entries.Add(await DescribeAsync(destination, file, cancellationToken).ConfigureAwait(false));
        }

        var manifest = new BackupManifest(BackupManifest.CurrentFormat, time.GetUtcNow(), await CountVersionsAsync(Path.Combine(destination, EmrDatabase), cancellationToken).ConfigureAwait(false), entries);
        await JsonFiles.WriteAsync(Path.Combine(destination, BackupManifest.FileName), manifest, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    /// <summary>Copies a complete backup into an empty or new data folder, refusing any file that changed since.</summary>
    public static async Task<BackupManifest> RestoreFilesAsync(string backup, string dataDirectory, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(backup);
        var manifestPath = Path.Combine(source, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            throw new BackupException($"{source} holds no {BackupManifest.FileName}: not a complete backup");
        }

        var manifest = await JsonFiles.ReadAsync<BackupManifest>(manifestPath, "backup manifest", cancellationToken).ConfigureAwait(false);
        if (manifest.FormatVersion != BackupManifest.CurrentFormat)
        {
            throw new BackupException($"backup format {manifest.FormatVersion} is not supported (expected {BackupManifest.CurrentFormat})");
        }

        // Every file is checked before any is copied: a damaged backup leaves the target untouched.
        foreach (var entry in manifest.Files)
        {
            var from = Path.GetFullPath(Path.Combine(source, entry.Path));
            if (!from.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(from))
            {
                throw new BackupException($"backup file {entry.Path} is missing or outside the backup");
            }

            if (await DescribeAsync(source, from, cancellationToken).ConfigureAwait(false) != entry)
            {
                throw new BackupException($"backup file {entry.Path} changed since the backup was made");
            }
        }

        var destination = EmptyFolder(dataDirectory, "restore target");
        foreach (var entry in manifest.Files)
        {
            await PrivateFiles.CopyFileAsync(Path.Combine(source, entry.Path), Path.Combine(destination, entry.Path), cancellationToken).ConfigureAwait(false);
        }

        return manifest;
    }

    private static async Task SnapshotAsync(string database, string copy, CancellationToken cancellationToken)
    {
        PrivateFiles.PrepareDatabase(copy); // VACUUM INTO accepts an empty file: created 0600 first
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $target";
        command.Parameters.AddWithValue("$target", copy);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<long> CountVersionsAsync(string database, CancellationToken cancellationToken)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM records";
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task<BackupEntry> DescribeAsync(string root, string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return new BackupEntry(Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'), stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>Everything but databases (snapshotted), their WAL side files and half-written temp files.</summary>
    private static bool IsPlainFile(string path) =>
        !path.EndsWith(".db", StringComparison.Ordinal) && !path.EndsWith("-wal", StringComparison.Ordinal) &&
        !path.EndsWith("-shm", StringComparison.Ordinal) && !path.EndsWith("-journal", StringComparison.Ordinal) &&
        !path.EndsWith(".tmp", StringComparison.Ordinal);

    private static string EmptyFolder(string path, string what)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new BackupException($"the {what} {full} is not empty");
        }

        PrivateFiles.CreateDirectory(full);
        return full;
    }
}
