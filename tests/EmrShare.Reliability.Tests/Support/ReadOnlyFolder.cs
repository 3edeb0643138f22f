using System.Diagnostics;

namespace EmrShare.Reliability.Tests.Support;

/// <summary>
/// Makes a folder and every file in it unwritable until disposed. As root (these machines) a chmod is ignored, so
/// the immutable attribute is used instead (chattr +i, ext4); otherwise the write bits are removed.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly List<string> _paths;
    private readonly bool _root = Environment.UserName == "root";

    public ReadOnlyFolder(string folder)
    {
        _paths = [];
        try
        {
            // SQLite may delete a -wal/-shm between the listing and the chattr (its last connection closed): skip those.
            foreach (var path in (string[])[.. Directory.GetFiles(folder), folder])
            {
                if (Set(path, readOnly: true))
                {
                    _paths.Add(path);
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            Set(path, readOnly: false);
        }
    }

    /// <summary>False when the path no longer exists.</summary>
    private bool Set(string path, bool readOnly)
    {
        if (_root)
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [readOnly ? "+i" : "-i", path]) { RedirectStandardError = true })!;
            chattr.WaitForExit(10_000);
            if (chattr.ExitCode != 0 && readOnly)
            {
                if (!Path.Exists(path))
                {
                    return false;
                }

                throw new InvalidOperationException($"chattr +i {path} failed (file system without immutable attribute?)");
            }

            return true;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the read-only folder test uses Unix file modes");
        }

        var isDirectory = Directory.Exists(path);
        var mode = File.GetUnixFileMode(path);
        var write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        File.SetUnixFileMode(path, readOnly ? mode & ~write : mode | UnixFileMode.UserWrite | (isDirectory ? UnixFileMode.UserExecute : 0));
        return true;
    }
}
