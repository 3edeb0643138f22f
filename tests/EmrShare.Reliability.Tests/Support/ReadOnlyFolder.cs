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
        _paths = [.. Directory.GetFiles(folder), folder];
        foreach (var path in _paths)
        {
            Set(path, readOnly: true);
        }
    }

    public void Dispose()
    {
        foreach (var path in _paths)
        {
            Set(path, readOnly: false);
        }
    }

    private void Set(string path, bool readOnly)
    {
        if (_root)
        {
            using var chattr = Process.Start("chattr", [readOnly ? "+i" : "-i", path])!;
            chattr.WaitForExit(10_000);
            if (chattr.ExitCode != 0 && readOnly)
            {
                throw new InvalidOperationException($"chattr +i {path} failed (file system without immutable attribute?)");
            }

            return;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the read-only folder test uses Unix file modes");
        }

        var isDirectory = Directory.Exists(path);
        var mode = File.GetUnixFileMode(path);
        var write = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        File.SetUnixFileMode(path, readOnly ? mode & ~write : mode | UnixFileMode.UserWrite | (isDirectory ? UnixFileMode.UserExecute : 0));
    }
}
