using System.Globalization;
using System.Net;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #5: a fresh <c>emrshare hospital serve --config</c> (HTTPS, test CA) has no accounts and refuses every
/// sign-in; <c>hospital admin create</c> adds the first admin (in the hospital's local audit log), who can sign in,
/// also after the process is killed and started again. The chain is the Center's <c>center serve --config</c> over HTTPS, reached at the URL its deployment.json names
/// and checked against the consortium CA bundle.
/// </summary>
public sealed class HospitalFirstRunProcessTests
{
    [Fact]
    public async Task HospitalServe_FreshNode_RefusesSignInUntilAdminCreatedAndAdminSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        await using var center = await ConfiguredHost.StartCenterAsync(ws, ca, ct);
        var deployment = Path.Combine(ws.Folder("center"), "deployment.json");
        var init = (await ws.ActorAsync("hospital", "hospital", "init", ["--name", "A", "--deployment", deployment, "--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        // --deployment at init is not ignored: the Center's file is kept in the data folder.
        Assert.Equal(Path.Combine(ws.Folder("hospital"), "deployment.json"), init.Field("deployment"));
        Assert.Equal(await File.ReadAllTextAsync(deployment, ct), await File.ReadAllTextAsync(init.Field("deployment"), ct));

        var leaf = ca.IssueLeaf(IPAddress.Loopback, "hospital");
        var url = new Uri($"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        await using var hospital = await ConfiguredHost.StartAsync("hospital", ws.PathOf("hospital.json"), $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("hospital")}}", "Listen": ["{{url}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{ca.CaCertificatePath}}" },
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
        // The hospital's local audit (what 'hospital audit' lists), read from its EMR database.
        var database = await Hospital.HospitalDatabase.OpenAsync(Path.Combine(ws.Folder("hospital"), "emr.db"), ct);
        var audit = await database.ListAuditAsync(ct);
        database.ReleaseConnections();
        Assert.Single(audit, row => row is { Kind: "admin-account-created", Counterpart: "it-admin" });
    }
}
