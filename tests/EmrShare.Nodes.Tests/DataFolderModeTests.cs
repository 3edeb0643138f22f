using EmrShare.Nodes.Tests.Support;
using EmrShare.Web.Auth;

namespace EmrShare.Nodes.Tests;

/// <summary>
/// Issue 15 item 16: every data folder is 0700 and every database, its -wal/-shm and every secret or PHI file 0600,
/// so no other local account can read password hashes, wrapped keys, the ledger or exported records.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFolderModeTests
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Demo_CreatesItsData_EveryFolder0700AndEveryFile0600()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "emrshare-modes-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await EmrshareCli.RunAsync(["demo", "--data", data], ct);
            Assert.True(exitCode == 0, output);

            var files = Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories).ToList();
            // The demo's stores: EMR databases (with WAL), blob stores, the ledger, the enrolment queue, the wallet.
            Assert.Contains(files, f => f.EndsWith(Path.Combine("hospital-A", "emr.db"), StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith(Path.Combine("hospital-A", "blobs.db"), StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("ledger.db", StringComparison.Ordinal));
            Assert.Contains(files, f => f.EndsWith("index.bin", StringComparison.Ordinal));
            AssertOwnerOnly(data);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task AccountStore_NewAndLooseExisting_PasswordHashesOwnerOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        var root = Path.Combine(Path.GetTempPath(), "emrshare-accounts-" + Guid.NewGuid().ToString("N"));
        try
        {
            var fresh = Path.Combine(root, "fresh", "web-accounts.db");
            var store = await AccountStore.OpenAsync(fresh, ct);
            await store.SaveAsync("admin", "a long enough password 1", Roles.HospitalAdmin, null, ct);

            // A database left 0644 by an older version (and its folder 0755) is tightened when opened.
            var loose = Path.Combine(root, "loose", "web-accounts.db");
            Directory.CreateDirectory(Path.GetDirectoryName(loose)!);
            File.SetUnixFileMode(Path.GetDirectoryName(loose)!, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            await (await AccountStore.OpenAsync(loose, ct)).SaveAsync("admin", "a long enough password 2", Roles.HospitalAdmin, null, ct);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.SetUnixFileMode(loose, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await (await AccountStore.OpenAsync(loose, ct)).SaveAsync("nurse", "a long enough password 3", Roles.HospitalAdmin, null, ct);

            Assert.True(File.Exists(fresh));
            AssertOwnerOnly(root, skipRoot: true);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static void AssertOwnerOnly(string root, bool skipRoot = false)
    {
        var wrong = new List<string>();
        if (!skipRoot && File.GetUnixFileMode(root) != Folder)
        {
            wrong.Add($"{root} {File.GetUnixFileMode(root)}");
        }

        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories))
        {
            if (File.GetUnixFileMode(folder) != Folder)
            {
                wrong.Add($"{folder} {File.GetUnixFileMode(folder)}");
            }
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            if (File.GetUnixFileMode(file) != File600)
            {
                wrong.Add($"{file} {File.GetUnixFileMode(file)}");
            }
        }

        Assert.True(wrong.Count == 0, "not owner-only: " + string.Join("; ", wrong));
    }
}
