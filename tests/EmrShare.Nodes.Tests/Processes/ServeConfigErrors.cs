using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// The shape of every <c>serve --config</c> error: exit 64, one stderr line naming the key, nothing served. Shared by
/// the center and hospital config tests here and the multi-host suite.
/// </summary>
internal static class ServeConfigErrors
{
    /// <summary>Writes <paramref name="json"/> (with a leading comment, as the samples have) and runs <c>emrshare ACTOR serve --config</c> on it.</summary>
    public static async Task<CliResult> ServeAsync(ActorWorkspace ws, string actor, string json, params string[] switches)
    {
        var path = ws.PathOf(actor + ".json");
        await File.WriteAllTextAsync(path, "// commented, as in samples/deploy\n" + json, TestContext.Current.CancellationToken);
        return await ws.RunAsync([actor, "serve", "--config", path, .. switches], TestContext.Current.CancellationToken);
    }

    public static void AssertOneLine(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 64, $"expected exit 64: {result}");
        var error = result.Stderr.Trim();
        Assert.DoesNotContain('\n', error);
        Assert.StartsWith("error: " + message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("ready:", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("listen:", result.Stdout, StringComparison.Ordinal);
    }
}
