using EmrShare.Cli.Commands.Shared;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #8: an administrator lists the running node's operator tokens with 'hospital token list' and revokes
/// another account's with 'hospital token revoke --id': that token is refused from then on (exit 6), others keep working.
/// </summary>
public sealed class OperatorTokenAdminProcessTests
{
    [Fact]
    public async Task TokenRevokeById_AsAdmin_OtherAccountsTokenRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        await using var center = await ConfiguredHost.StartCenterAsync(ws, ca, ct);
        await using var hospital = await OperatorTokenProcessTests.StartHospitalAsync(ws, ca, ct);
        var adminPassword = ws.PathOf("admin-password.txt");
        await File.WriteAllTextAsync(adminPassword, "first admin of hospital A\n", ct);
        var nightPassword = ws.PathOf("night-password.txt");
        await File.WriteAllTextAsync(nightPassword, "the night shift operator's password\n", ct);
        (await ws.RunAsync(["hospital", "admin", "create", "--user", "it-admin", "--config", hospital.Config, "--password-file", adminPassword], ct)).EnsureOk();
        (await ws.RunAsync(["hospital", "admin", "create", "--user", "night-ops", "--config", hospital.Config, "--password-file", nightPassword], ct)).EnsureOk();

        string[] tls = ["--node", hospital.BaseAddress.ToString(), "--ca-bundle", ca.CaCertificatePath];
        var adminToken = ws.PathOf("admin.token");
        var nightToken = ws.PathOf("night.token");
        (await ws.RunAsync(["hospital", "token", "create", .. tls, "--user", "it-admin", "--password-file", adminPassword, "--scope", "write", "--out", adminToken], ct)).EnsureOk();
        (await ws.RunAsync(["hospital", "token", "create", .. tls, "--user", "night-ops", "--password-file", nightPassword, "--out", nightToken], ct)).EnsureOk();
        (await ws.RunAsync(["hospital", "records", .. tls, "--token-file", nightToken], ct)).EnsureOk();

        var listed = (await ws.RunAsync(["hospital", "token", "list", .. tls, "--token-file", adminToken], ct)).EnsureOk();
        Assert.Equal("2", listed.Field("count"));
        var night = Assert.Single(listed.Fields("token"), line => line.Split(' ')[1] == "night-ops");
        Assert.DoesNotContain((await File.ReadAllTextAsync(nightToken, ct)).Trim(), listed.Stdout, StringComparison.Ordinal);

        var revoked = (await ws.RunAsync(["hospital", "token", "revoke", .. tls, "--token-file", adminToken, "--id", night.Split(' ')[0]], ct)).EnsureOk();
        Assert.Contains("night-ops", revoked.Field("revoked"), StringComparison.Ordinal);
        var refused = await ws.RunAsync(["hospital", "records", .. tls, "--token-file", nightToken], ct);
        Assert.True(refused.ExitCode == ExitCodes.TokenRefused, refused.ToString());
        Assert.Equal("1", (await ws.RunAsync(["hospital", "token", "list", .. tls, "--token-file", adminToken], ct)).EnsureOk().Field("count"));
    }

    [Fact]
    public async Task TokenRevoke_MalformedId_RefusedAsUsage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["hospital", "token", "revoke", "--node", "https://127.0.0.1:1/", "--id", "../staff"], ct);
        Assert.True(result.ExitCode != 0 && (result.Stdout + result.Stderr).Contains("--id must be a token id", StringComparison.Ordinal), result.ToString());
    }
}
