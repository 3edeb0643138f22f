namespace EmrShare.Core.IO;

/// <summary>
/// The one way EmrShare creates folders and files that hold secrets or patient data: folders 0700, files 0600,
/// written atomically (a fresh temp file created 0600 before any byte is written, then renamed), so a crash leaves
/// the old or the new file and no other local user can read either, not even for a moment.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (and missing parents) owner-only; tightens an existing folder to 0700.</summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }

        var existed = Directory.Exists(path);
        var info = Directory.CreateDirectory(path, OwnerFolder);
        if ((File.GetUnixFileMode(path) & ~OwnerFolder) != 0)
        {
            try
            {
                File.SetUnixFileMode(path, OwnerFolder);
            }
            catch (Exception ex) when (existed && ex is UnauthorizedAccessException or IOException)
            {
                // An existing folder we may not re-mode (another owner, read-only or immutable): every file we
                // create in it is still 0600, and opening what is there reports its own, typed error.
            }
        }

        return info;
    }

    /// <summary>Restricts an existing file (a database the driver created, say) to its owner.</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, OwnerFile);
        }
    }

    /// <summary>
    /// Makes a SQLite database file owner-only before the driver opens it: its folder 0700, the file created empty
    /// 0600 when missing (SQLite treats an empty file as a new database), and an existing file with its -wal, -shm
    /// and -journal tightened to 0600. SQLite creates -wal/-shm/-journal with the database file's own mode, so they
    /// stay 0600 from then on. A folder that refuses writes is left to SQLite, which reports it in its own terms.
    /// </summary>
    public static void PrepareDatabase(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);

        if (!File.Exists(full))
        {
            try
            {
                using var created = new FileStream(full, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerFile,
                });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (!File.Exists(full))
                {
                    return; // an unwritable folder: SQLite's own open reports it in its terms
                }
            }
        }

        foreach (var file in new[] { full, full + "-wal", full + "-shm", full + "-journal" })
        {
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerFile) != 0)
            {
                File.SetUnixFileMode(file, OwnerFile);
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, owner-only.</summary>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>Copies <paramref name="source"/> (streamed: it may be a large database) to <paramref name="path"/> atomically, owner-only.</summary>
    public static Task CopyFileAsync(string source, string path, CancellationToken cancellationToken) =>
        WriteAsync(path, async (stream, ct) =>
        {
            await using var input = File.OpenRead(source);
            await input.CopyToAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken);

    private static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.Delete(temp); // a stale temp from a crash; CreateNew below must not inherit its mode
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        await using (var stream = new FileStream(temp, options))
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Writes UTF-8 text atomically, owner-only.</summary>
    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAllBytesAsync(path, System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
}
