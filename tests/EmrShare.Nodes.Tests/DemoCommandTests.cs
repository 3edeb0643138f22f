using EmrShare.Nodes.Tests.Support;

namespace EmrShare.Nodes.Tests;

/// <summary>Runs the real <c>emrshare demo</c> executable (embedded ledger) as a child process.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_EmbeddedLedger_RunsScenarioAndRefusesAfterRevoke()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Path.Combine(Path.GetTempPath(), "emrshare-demo-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await EmrshareCli.RunAsync(["demo", "--data", data], ct);

            Assert.True(exitCode == 0, output);
            Assert.Contains("refused", output, StringComparison.Ordinal);
            Assert.Contains("AccessFulfilled", output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data, "hospital-A", "emr.db")));
            Assert.True(File.Exists(Path.Combine(data, "patient", "index.bin")));
            Assert.Contains("\"AuditEvent\"", await File.ReadAllTextAsync(Path.Combine(data, "patient", "audit-bundle.json"), ct), StringComparison.Ordinal);
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
    public async Task Demo_NonEmptyDataFolder_RejectedWithExitCodeNonZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("emrshare-demo-busy-").FullName;
        await File.WriteAllTextAsync(Path.Combine(data, "existing.txt"), "x", ct);
        try
        {
            var (exitCode, output) = await EmrshareCli.RunAsync(["demo", "--data", data], ct);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("empty or new folder", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
