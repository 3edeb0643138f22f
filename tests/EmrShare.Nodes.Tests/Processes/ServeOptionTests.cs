namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// The options every <c>serve</c> command shares (declared once, in <c>ServeSettings</c>): with <c>--config</c> the file
/// says where the data, passphrase, deployment and chain are, so a command-line option for one of them is refused,
/// naming it, instead of one of the two silently winning; the plain-HTTP switches need <c>--config</c>.
/// </summary>
public sealed class ServeOptionTests
{
    [Theory]
    [InlineData("center", "--rpc", "http://127.0.0.1:9/")]
    [InlineData("hospital", "--passphrase-file", "pass.txt")]
    [InlineData("hospital", "--ipfs", "http://127.0.0.1:9/")]
    [InlineData("wallet", "--deployment", "deployment.json")]
    public async Task Serve_ConfigWithCommandLineActorOption_RefusedNamingTheOption(string actor, string option, string value)
    {
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync([actor, "serve", "--config", ws.PathOf("absent.json"), option, value], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"--config replaces {option}", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("listen:", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("center", "--port", "8545")]
    [InlineData("hospital", "--port", "8080")]
    public async Task Serve_InsecureHttpWithoutConfig_Refused(string actor, string portOption, string port)
    {
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync([actor, "serve", "--data", ws.Folder(actor), portOption, port, "--insecure-http"], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--insecure-http and --force-insecure-http go with --config", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
