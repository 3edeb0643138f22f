using EmrShare.Nodes.Tests.Processes;

namespace EmrShare.MultiHost.Tests;

/// <summary>The shape of every serve config error: exit 64, one stderr line naming the key, nothing served.</summary>
internal static class ConfigErrors
{
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
