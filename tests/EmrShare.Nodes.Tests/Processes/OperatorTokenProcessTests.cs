using System.Globalization;
using System.Net;
using EmrShare.Cli.Commands.Shared;
using EmrShare.TestSupport;
using EmrShare.TestSupport.Hosts;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #8: hospital commands against a running <c>hospital serve</c> (HTTPS, test CA) with an operator token
/// instead of a keystore unlock: the token is issued by 'hospital token create', works for 'records' and 'audit',
/// is held to its scope, refused once revoked (exit 6), and a node whose certificate is from another CA is refused.
/// Options that make no sense with --node are refused before anything runs.
/// </summary>
public sealed class OperatorTokenProcessTests
{
    private const string Password = "first admin of hospital A";

    [Fact]
    public async Task NodeMode_OperatorToken_WorksUntilRevokedAndChecksTheCa()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        await using var center = await ConfiguredHost.StartCenterAsync(ws, ca, ct);
        await using var hospital = await StartHospitalAsync(ws, ca, ct);
        var passwordFile = ws.PathOf("admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, Password + "\n", ct);
        (await ws.RunAsync(["hospital", "admin", "create", "--user", "it-admin", "--config", hospital.Config, "--password-file", passwordFile], ct)).EnsureOk();

        var node = hospital.BaseAddress.ToString();
        string[] tls = ["--node", node, "--ca-bundle", ca.CaCertificatePath];
        var readToken = ws.PathOf("read.token");
        var wrongPasswordFile = ws.PathOf("wrong-password.txt");
        await File.WriteAllTextAsync(wrongPasswordFile, "not the password\n", ct);
        var badSignIn = await ws.RunAsync(["hospital", "token", "create", .. tls, "--user", "it-admin", "--password-file", wrongPasswordFile, "--out", readToken], ct);
        Assert.True(badSignIn.ExitCode == ExitCodes.Refused && badSignIn.Stderr.Contains("sign-in refused", StringComparison.Ordinal) && !File.Exists(readToken), badSignIn.ToString());
        var issued = (await ws.RunAsync(["hospital", "token", "create", .. tls, "--user", "it-admin", "--password-file", passwordFile, "--scope", "read", "--lifetime", "1h", "--out", readToken], ct)).EnsureOk();
        Assert.Equal("read", issued.Field("scope"));
        Assert.Equal("0", (await ws.RunAsync(["hospital", "records", .. tls, "--token-file", readToken], ct)).EnsureOk().Field("count"));
        var audit = (await ws.RunAsync(["hospital", "audit", .. tls, "--token-file", readToken], ct)).EnsureOk();
        Assert.Contains(audit.Fields("audit"), line => line.Contains("admin-account-created", StringComparison.Ordinal));

        // A read token cannot write; a write token reaches the node's own checks (no such patient here).
        var fhir = ws.PathOf("observation.json");
        await File.WriteAllTextAsync(fhir, """{"resourceType":"Observation","status":"final","code":{"text":"x"}}""", ct);
        var refused = await ws.RunAsync(["hospital", "create-record", .. tls, "--token-file", readToken, "--patient", "P-1", "--file", fhir], ct);
        Assert.True(refused.ExitCode == ExitCodes.Refused && refused.Stderr.Contains("read scope", StringComparison.Ordinal), refused.ToString());
        var writeToken = ws.PathOf("write.token");
        (await ws.RunAsync(["hospital", "token", "create", .. tls, "--user", "it-admin", "--password-file", passwordFile, "--scope", "write", "--out", writeToken], ct)).EnsureOk();
        var noPatient = await ws.RunAsync(["hospital", "create-record", .. tls, "--token-file", writeToken, "--patient", "P-1", "--file", fhir], ct);
        Assert.True(noPatient.ExitCode is ExitCodes.NotFound or ExitCodes.Refused && !noPatient.Stderr.Contains("scope", StringComparison.Ordinal), noPatient.ToString());

        // Another CA's bundle: the node's certificate is not trusted.
        using var otherCa = new TestCertificateAuthority(ws.PathOf("other-tls"), "Some Other CA");
        var wrongCa = await ws.RunAsync(["hospital", "records", "--node", node, "--ca-bundle", otherCa.CaCertificatePath, "--token-file", readToken], ct);
        Assert.True(wrongCa.ExitCode == ExitCodes.Unreachable && wrongCa.Stderr.Contains("TLS", StringComparison.Ordinal), wrongCa.ToString());

        (await ws.RunAsync(["hospital", "token", "revoke", .. tls, "--token-file", readToken], ct)).EnsureOk();
        var revoked = await ws.RunAsync(["hospital", "records", .. tls, "--token-file", readToken], ct);
        Assert.True(revoked.ExitCode == ExitCodes.TokenRefused && revoked.Stderr.Contains("refused the operator token", StringComparison.Ordinal), revoked.ToString());
        // The write token is a session of its own: still good.
        (await ws.RunAsync(["hospital", "records", .. tls, "--token-file", writeToken], ct)).EnsureOk();
    }

    [Theory]
    [InlineData("records", "--data", "x", "--data cannot be used with --node")]
    [InlineData("records", "--rpc", "http://127.0.0.1:1/", "--rpc cannot be used with --node")]
    [InlineData("audit", "--passphrase-file", "p", "--passphrase-file cannot be used with --node")]
    [InlineData("records", "--peers", "peers.json", "--peers cannot be used with --node")]
    [InlineData("init", "--name", "A", "does not support --node")]
    [InlineData("backup", "--to", "b", "does not support --node")]
    public async Task NodeMode_SenselessOptions_RefusedAsUsage(string command, string option, string value, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["hospital", command, "--node", "https://127.0.0.1:1/", option, value], ct);
        // Option validation exits like every other usage error of the command line (non-zero, before anything runs).
        Assert.True(result.ExitCode != 0 && OneLine(result).Contains(message, StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task NodeMode_PlainHttpToAnotherHost_Refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["hospital", "records", "--node", "http://192.0.2.1/"], ct);
        Assert.True(result.ExitCode != 0 && OneLine(result).Contains("--node must be https", StringComparison.Ordinal), result.ToString());
    }

    [Fact]
    public async Task TokenCreate_PlainHttpToAnotherHost_RefusedBeforeThePasswordIsSent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var password = ws.PathOf("password.txt");
        await File.WriteAllTextAsync(password, "correct horse battery staple 42", ct);

        // 192.0.2.1 (TEST-NET-1) is never contacted: the URL is refused while the options are checked.
        var result = await ws.RunAsync(["hospital", "token", "create", "--node", "http://192.0.2.1/", "--user", "admin", "--password-file", password, "--out", ws.PathOf("token.txt")], ct);
        Assert.True(result.ExitCode != 0 && OneLine(result).Contains("--node must be https", StringComparison.Ordinal), result.ToString());
        Assert.False(File.Exists(ws.PathOf("token.txt")));
    }

    private static string OneLine(CliResult result) =>
        string.Join(' ', (result.Stdout + " " + result.Stderr).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    internal static async Task<ConfiguredHost> StartHospitalAsync(ActorWorkspace ws, TestCertificateAuthority ca, CancellationToken ct)
    {
        var deployment = Path.Combine(ws.Folder("center"), "deployment.json");
        (await ws.ActorAsync("hospital", "hospital", "init", ["--name", "A", "--deployment", deployment, "--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var leaf = ca.IssueLeaf(IPAddress.Loopback, "hospital");
        var url = new Uri($"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        return await ConfiguredHost.StartAsync("hospital", ws.PathOf("hospital.json"), $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("hospital")}}", "Listen": ["{{url}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{ca.CaCertificatePath}}" },
              "Hospital": { "PassphraseFile": "{{ws.PassphraseFile}}", "DeploymentFile": "{{deployment}}" }
            }
            """, url, ca.CaCertificatePath, ws.Root, ct);
    }
}
