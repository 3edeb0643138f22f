using System.Diagnostics;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// A small tmpfs mounted on a fresh temp folder (needs root, as on these machines), so a test can fill the disk
/// under a node's data folder; <see cref="Fill"/> writes a filler file until the file system reports it is full.
/// </summary>
internal sealed class TinyDisk : IDisposable
{
    private TinyDisk(string path)
    {
        Path = path;
    }

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler.bin");

    /// <summary>Null when this machine does not let the test mount a file system.</summary>
    public static TinyDisk? TryMount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "emrshare-tinydisk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path) != 0)
        {
            Directory.Delete(path);
            return null;
        }

        return new TinyDisk(path);
    }

    public void Fill()
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(Filler, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full now
        }
    }

    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // only a temp folder left behind
        }
    }

    private static int Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit(10_000);
        return process.ExitCode;
    }
}
