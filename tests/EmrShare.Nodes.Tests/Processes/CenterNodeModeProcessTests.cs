using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #8: Center commands against a running <c>center serve</c> (HTTPS, test CA) with an operator token:
/// 'center register-hospital --node' registers through the API, 'center registry' and 'center enrolment' read it,
/// and options that open a data folder are refused with --node as for the hospital commands.
/// </summary>
public sealed class CenterNodeModeProcessTests
{
    [Fact]
    public async Task CenterNodeMode_RegisterHospitalThenRegistry_ListsItActive()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        await using var center = await ConfiguredHost.StartCenterAsync(ws, ca, ct);
        var deployment = Path.Combine(ws.Folder("center"), "deployment.json");
        var init = (await ws.ActorAsync("hospital", "hospital", "init", ["--name", "Riverside", "--deployment", deployment, "--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var info = init.Field("info");
        var address = init.Field("address");
        var password = ws.PathOf("center-admin.txt");
        await File.WriteAllTextAsync(password, "the Center operator's long password\n", ct);
        (await ws.RunAsync(["center", "admin", "create", "--user", "registrar", "--config", center.Config, "--password-file", password], ct)).EnsureOk();

        string[] tls = ["--node", center.BaseAddress.ToString(), "--ca-bundle", ca.CaCertificatePath];
        var token = ws.PathOf("center.token");
        (await ws.RunAsync(["center", "token", "create", .. tls, "--user", "registrar", "--password-file", password, "--scope", "write", "--out", token], ct)).EnsureOk();
        var registered = (await ws.RunAsync(["center", "register-hospital", .. tls, "--token-file", token, "--info", info], ct)).EnsureOk();
        Assert.Equal(address, registered.Field("hospital"));
        Assert.StartsWith("register-hospital 0x", registered.Field("tx"), StringComparison.Ordinal);

        var registry = (await ws.RunAsync(["center", "registry", .. tls, "--token-file", token], ct)).EnsureOk();
        Assert.Contains(registry.Fields("hospital"), line => line.StartsWith(address + " active", StringComparison.OrdinalIgnoreCase) && line.EndsWith("name Riverside", StringComparison.Ordinal));
        Assert.Equal(init.Fields("practitioner").Count(), registry.Fields("practitioner").Count());
        var enrolment = (await ws.RunAsync(["center", "enrolment", .. tls, "--token-file", token], ct)).EnsureOk();
        Assert.Equal("0", enrolment.Field("pending"));
    }

    [Theory]
    [InlineData("registry", "--data", "x", "--data cannot be used with --node")]
    [InlineData("enrolment", "--passphrase-file", "p", "--passphrase-file cannot be used with --node")]
    [InlineData("register-hospital", "--rpc", "http://127.0.0.1:1/", "--rpc cannot be used with --node")]
    [InlineData("init", "--scrypt-n", "1024", "does not support --node")]
    public async Task CenterNodeMode_SenselessOptions_RefusedAsUsage(string command, string option, string value, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        string[] extra = command == "register-hospital" ? ["--info", "hospital.json"] : [];
        var result = await ws.RunAsync(["center", command, "--node", "https://127.0.0.1:1/", option, value, .. extra], ct);
        Assert.True(result.ExitCode != 0 && OneLine(result).Contains(message, StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task CenterRegistry_WithoutNode_RefusedAsUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["center", "registry", "--data", ws.Folder("center")], ct);
        Assert.True(result.ExitCode != 0 && OneLine(result).Contains("--node <URL> is required", StringComparison.Ordinal), result.ToString());
    }

    private static string OneLine(CliResult result) =>
        string.Join(' ', (result.Stdout + " " + result.Stderr).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
