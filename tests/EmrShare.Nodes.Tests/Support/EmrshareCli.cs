using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Support;

/// <summary>Runs the real <c>emrshare</c> to completion through the one runner (<see cref="Emrshare"/>) and returns its exit code and output.</summary>
internal static class EmrshareCli
{
    public static string Dll => Emrshare.Dll;

    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var (exitCode, stdout, stderr) = await RunAsync(arguments, workingDirectory: null, ct);
        return (exitCode, stdout + stderr);
    }

    /// <summary>The same, in <paramref name="workingDirectory"/>, with stdout and stderr apart; <paramref name="environment"/> is set on the child only.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, string? workingDirectory, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await Emrshare.RunAsync([.. arguments], workingDirectory, ct, environment);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
