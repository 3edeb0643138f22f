using System.Globalization;
using System.Net;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #1: <c>emrshare wallet serve --config</c>, a self-hosted wallet for one patient, as its own process over
/// HTTPS (test CA), on the chain the Center serves over HTTPS at the URL its deployment.json names (checked against the
/// consortium CA bundle): ready, its login page, and signing in proves the keystore passphrase.
/// </summary>
public sealed class WalletHostProcessTests
{
    [Fact]
    public async Task WalletServe_HttpsConfig_ReadyAndSignInProvesPassphrase()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        await using var center = await ConfiguredHost.StartCenterAsync(ws, ca, ct);
        (await ws.ActorAsync("patient", "wallet", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();

        var leaf = ca.IssueLeaf(IPAddress.Loopback, "wallet");
        var url = new Uri($"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        await using var wallet = await ConfiguredHost.StartAsync("wallet", ws.PathOf("wallet.json"), $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("wallet")}}", "Listen": ["{{url}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{ca.CaCertificatePath}}" },
              "Wallet": { "PassphraseFile": "{{ws.PassphraseFile}}", "DeploymentFile": "{{Path.Combine(ws.Folder("center"), "deployment.json")}}" }
            }
            """, url, ca.CaCertificatePath, ws.Root, ct);

        Assert.Equal(HttpStatusCode.OK, await wallet.WaitUntilReadyAsync(ct));
        Assert.Contains("type=\"password\"", await wallet.Http.GetStringAsync("/login", ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await wallet.SignInAsync("patient", "not the passphrase", ct));
        Assert.Equal(HttpStatusCode.OK, await wallet.SignInAsync("patient", (await File.ReadAllLinesAsync(ws.PassphraseFile, ct))[0], ct));
    }

    [Fact]
    public async Task WalletServe_PeersFileTogetherWithCenterDirectory_RefusedNamingTheKey()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        (await ws.ActorAsync("patient", "wallet", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var peers = ws.PathOf("peers.json");
        await File.WriteAllTextAsync(peers, """{"hospitals":[]}""", ct);
        var config = ws.PathOf("wallet-both.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("wallet")}}", "Listen": ["http://127.0.0.1:0/"], "InsecureHttp": true },
              "Wallet": { "PassphraseFile": "{{ws.PassphraseFile}}", "PeersFile": "{{peers}}" },
              "Center": { "DirectoryUrl": "https://127.0.0.2:8443/" }
            }
            """, ct);

        var result = await ws.RunAsync(["wallet", "serve", "--config", config], ct);
        Assert.Equal(64, result.ExitCode);
        Assert.Contains("Wallet:PeersFile", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ready", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WalletServe_WithoutConfig_IsRefused()
    {
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["wallet", "serve"], TestContext.Current.CancellationToken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--config <FILE> is required", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
