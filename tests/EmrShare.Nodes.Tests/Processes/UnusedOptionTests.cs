using EmrShare.Cli.Commands.Shared;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>Issue 14 leftover: a shared option a command never reads is refused with a clear error (exit 64), not ignored.</summary>
public sealed class UnusedOptionTests
{
    [Theory]
    [InlineData("init", "--rpc", "http://127.0.0.1:1/")]
    [InlineData("backup", "--rpc", "http://127.0.0.1:1/")]
    [InlineData("backup", "--deployment", "deployment.json")]
    [InlineData("backup", "--passphrase-file", "passphrase.txt")]
    public async Task HospitalCommand_UnusedSharedOption_RefusedAsUsage(string command, string option, string value)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        // init reads the passphrase (it creates the keystore); backup copies the keystore still encrypted and takes none.
        string[] required = command == "init" ? ["--name", "A", "--scrypt-n", ActorWorkspace.TestScryptN, "--passphrase-file", ws.PassphraseFile] : ["--to", ws.PathOf("backup")];
        var result = await ws.RunAsync(["hospital", command, "--data", ws.Folder("hospital"), .. required, option, value], ct);
        Assert.True(result.ExitCode == ExitCodes.Usage && result.Stderr.Contains($"{option} has no effect on 'hospital {command}'", StringComparison.Ordinal), result.ToString());
        Assert.False(Directory.Exists(Path.Combine(ws.Folder("hospital"), "keys")), "nothing may be created before the refusal");
    }
}
