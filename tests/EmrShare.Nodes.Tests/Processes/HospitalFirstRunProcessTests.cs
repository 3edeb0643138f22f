using System.Globalization;
using System.Net;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #5: a fresh <c>emrshare hospital serve --config</c> (HTTPS, test CA) has no accounts and refuses every
/// sign-in; <c>hospital admin create</c> adds the first admin (in the hospital's local audit log), who can sign in,
/// also after the process is killed and started again. The chain is the Center's <c>center serve --port</c>.
/// </summary>
public sealed class HospitalFirstRunProcessTests
{
    [Fact]
    public async Task HospitalServe_FreshNode_RefusesSignInUntilAdminCreatedAndAdminSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        (await ws.ActorAsync("center", "center", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var chainPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await ws.ServeAsync("center", "center", ["--port", chainPort], ct);
        var deployment = Path.Combine(ws.Folder("center"), "deployment.json");
        (await ws.ActorAsync("hospital", "hospital", "init", ["--name", "A", "--deployment", deployment, "--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();

        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        var leaf = ca.IssueLeaf(IPAddress.Loopback, "hospital");
        var url = new Uri($"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        await using var hospital = await ConfiguredHost.StartAsync("hospital", ws.PathOf("hospital.json"), $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("hospital")}}", "Listen": ["{{url}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{ca.CaCertificatePath}}" },
              "Chain": { "RpcUrl": "http://127.0.0.1:{{chainPort}}/" },
              "Hospital": { "PassphraseFile": "{{ws.PassphraseFile}}", "DeploymentFile": "{{deployment}}" }
            }
            """, url, ca.CaCertificatePath, ws.Root, ct);

        const string password = "first admin of hospital A";
        Assert.Equal(HttpStatusCode.Unauthorized, await hospital.SignInAsync("it-admin", password, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await hospital.SignInAsync("admin", "admin", ct));

        var passwordFile = ws.PathOf("admin-password.txt");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct);
        var created = (await ws.RunAsync(["hospital", "admin", "create", "--user", "it-admin", "--config", hospital.Config, "--password-file", passwordFile], ct)).EnsureOk();
        Assert.Equal("hospital-admin", created.Field("role"));
        Assert.Equal(HttpStatusCode.OK, await hospital.SignInAsync("it-admin", password, ct));

        await hospital.RestartAsync(ct);
        Assert.Equal(HttpStatusCode.OK, await hospital.SignInAsync("it-admin", password, ct));
        var audit = (await ws.ActorAsync("hospital", "hospital", "audit", ["--deployment", deployment], ct)).EnsureOk();
        Assert.Contains(audit.Fields("audit"), line => line.Contains(" admin-account-created ", StringComparison.Ordinal) && line.Contains("counterpart it-admin", StringComparison.Ordinal));
    }
}
