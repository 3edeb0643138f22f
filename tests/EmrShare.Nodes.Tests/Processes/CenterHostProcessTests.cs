using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #1, #5: <c>emrshare center serve --config</c> as its own process over HTTPS (a test CA's certificate): the
/// sealer's JSON-RPC at <c>/rpc</c>, <c>/readyz</c>, the login page and the peer directory; a fresh Center refuses
/// every sign-in until <c>center admin create</c>, and the account survives a restart. One initialised Center serves the class.
/// </summary>
public sealed class CenterHostProcessTests(CenterHostProcessTests.Fixture center) : IClassFixture<CenterHostProcessTests.Fixture>
{
    [Fact]
    public async Task CenterServe_HttpsConfig_AnswersJsonRpcReadyzLoginAndDirectory()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = center.Host.Http;
        using var rpc = await http.PostAsync("/rpc", JsonContent.Create(new { jsonrpc = "2.0", id = 1, method = "eth_chainId", @params = Array.Empty<object>() }), ct);
        Assert.Equal(HttpStatusCode.OK, rpc.StatusCode);
        Assert.Equal("0x7a69", JsonDocument.Parse(await rpc.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("result").GetString());

        Assert.Equal(HttpStatusCode.OK, await center.Host.WaitUntilReadyAsync(ct));
        Assert.Contains("\"chain\"", await http.GetStringAsync("/readyz", ct), StringComparison.Ordinal);
        Assert.Contains("emrshare_enrolment_queue_size", await http.GetStringAsync("/metrics", ct), StringComparison.Ordinal);

        var login = await http.GetStringAsync("/login", ct);
        Assert.Contains("type=\"password\"", login, StringComparison.Ordinal);
        using var directory = JsonDocument.Parse(await http.GetStringAsync("/v1/directory", ct));
        Assert.Equal(0, directory.RootElement.GetProperty("entries").GetArrayLength());

        // deployment.json now names the public JSON-RPC URL, which hospitals and one-shot commands use.
        using var deployment = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(center.Workspace.Folder("center"), "deployment.json"), ct));
        Assert.Equal(new Uri(center.Host.BaseAddress, "rpc").ToString(), deployment.RootElement.GetProperty("rpc").GetString());
    }

    [Fact]
    public async Task CenterServe_FreshNode_RefusesSignInUntilAdminCreatedAndAdminSurvivesRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        const string password = "first admin of the Center 1";
        Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("root", password, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("admin", "admin", ct));

        var passwordFile = center.Workspace.PathOf("root-password.txt");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct);
        var created = (await center.Workspace.RunAsync(["center", "admin", "create", "--user", "root", "--config", center.Host.Config, "--password-file", passwordFile], ct)).EnsureOk();
        Assert.Equal("center-admin", created.Field("role"));
        Assert.Equal(HttpStatusCode.OK, await center.Host.SignInAsync("root", password, ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("root", password + "x", ct));

        await center.Host.RestartAsync(ct);
        Assert.Equal(HttpStatusCode.OK, await center.Host.SignInAsync("root", password, ct));
    }

    [Fact]
    public async Task AdminCreate_PasswordAsArgument_IsRefusedAndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var result = await center.Workspace.RunAsync(["center", "admin", "create", "--user", "mallory", "--data", center.Workspace.Folder("center"), "--password", "hunter2hunter2"], ct);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("never a command-line argument", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("mallory", "hunter2hunter2", ct));
    }

    [Fact]
    public async Task AdminCreate_ExistingUser_IsRefusedAndKeepsThePassword()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = center.Workspace.PathOf("dup-1.txt");
        var second = center.Workspace.PathOf("dup-2.txt");
        await File.WriteAllTextAsync(first, "first secret: amber harbour\n", ct);
        await File.WriteAllTextAsync(second, "second secret: copper meadow\n", ct);
        string[] create = ["center", "admin", "create", "--user", "dup", "--data", center.Workspace.Folder("center"), "--password-file"];
        (await center.Workspace.RunAsync([.. create, first], ct)).EnsureOk();

        var again = await center.Workspace.RunAsync([.. create, second], ct);
        Assert.Equal(64, again.ExitCode);
        Assert.Equal("error: account 'dup' already exists (reset its password in the dashboard)", again.Stderr.Trim());
        Assert.Equal(HttpStatusCode.OK, await center.Host.SignInAsync("dup", "first secret: amber harbour", ct));
        Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("dup", "second secret: copper meadow", ct));
    }

    [Fact]
    public async Task AdminCreate_PasswordAgainstPolicy_IsRefusedAndCreatesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var file = center.Workspace.PathOf("weak.txt");
        foreach (var weak in new[] { "short1", "password1234", "ops-lead is my name" })
        {
            await File.WriteAllTextAsync(file, weak + "\n", ct);
            var refused = await center.Workspace.RunAsync(["center", "admin", "create", "--user", "ops-lead", "--data", center.Workspace.Folder("center"), "--password-file", file], ct);
            Assert.Equal(64, refused.ExitCode);
            Assert.StartsWith("error: password refused: ", refused.Stderr.Trim(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, await center.Host.SignInAsync("ops-lead", weak, ct));
        }
    }

    /// <summary>An initialised Center (embedded ledger) served over HTTPS on 127.0.0.1 from its config file.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        internal ActorWorkspace Workspace { get; } = new();

        internal ConfiguredHost Host { get; private set; } = null!;

        private TestCertificateAuthority? _ca;

        public async ValueTask InitializeAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            _ca = new TestCertificateAuthority(Workspace.PathOf("tls"));
            Host = await ConfiguredHost.StartCenterAsync(Workspace, _ca, ct);
        }

        public async ValueTask DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
            }

            _ca?.Dispose();
            await Workspace.DisposeAsync();
        }
    }
}
