using EmrShare.Nodes.Tests.Processes;

namespace EmrShare.Nodes.Tests.Center;

/// <summary>
/// <c>emrshare center register-patient</c> refuses a bad command line before touching the queue or the chain (the
/// queue itself is exercised across processes by <see cref="ProcessScenario"/>: queued, then forced with <c>--now</c>).
/// </summary>
public sealed class RegisterPatientCommandTests
{
    [Theory]
    [InlineData("--round-size 0 --now", "--round-size must be between 1 and 256")]
    [InlineData("--round-size 257 --now", "--round-size must be between 1 and 256")]
    [InlineData("--index-gas 1", "--request FILE is required (or --now")]
    public async Task RegisterPatient_BadOptions_ExitsOptionErrorAndCreatesNoQueue(string options, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();

        var result = await ws.RunAsync(["center", "register-patient", "--data", ws.Folder("center"), .. options.Split(' ')], ct);

        Assert.True(result.ExitCode == 255, $"expected exit 255 (option parser, docs/cli.md): {result}");
        Assert.Contains(message, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ws.Folder("center"), Nodes.Center.EnrolmentQueue.FileName)));
    }
}
