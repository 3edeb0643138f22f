using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using EmrShare.Nodes.Tests.Support;
using EmrShare.ServiceDefaults;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// One <c>emrshare BRANCH serve --config FILE</c> process over HTTPS with a certificate from a CA the test made, and a
/// client that trusts only that CA. <see cref="RestartAsync"/> kills the process (SIGKILL) and starts it again on the
/// same config and data folder.
/// </summary>
internal sealed class ConfiguredHost : IAsyncDisposable
{
    private readonly string _branch;
    private readonly string _workingDirectory;
    private readonly SocketsHttpHandler _handler;
    private ManagedProcess? _process;

    private ConfiguredHost(string branch, string config, string workingDirectory, Uri baseAddress, string caBundle)
    {
        _branch = branch;
        Config = config;
        _workingDirectory = workingDirectory;
        BaseAddress = baseAddress;
        _handler = PeerTrust.CreateHandler(caBundle);
        Http = new HttpClient(_handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Config { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public ManagedProcess Process => _process ?? throw new InvalidOperationException("not started");

    /// <summary>Writes <paramref name="configJson"/> (the Listen URL is <see cref="BaseAddress"/>) and starts the host.</summary>
    public static async Task<ConfiguredHost> StartAsync(string branch, string config, string configJson, Uri baseAddress, string caBundle, string workingDirectory, CancellationToken ct)
    {
        await File.WriteAllTextAsync(config, "// written by the test, like samples/deploy\n" + configJson, ct);
        var host = new ConfiguredHost(branch, config, workingDirectory, baseAddress, caBundle);
        await host.StartProcessAsync(ct);
        return host;
    }

    /// <summary>
    /// <c>center init</c> in the workspace's <c>center</c> folder, then <c>center serve --config</c> over HTTPS on
    /// 127.0.0.1 with a certificate from <paramref name="ca"/>; its deployment.json then names <c>https://…/rpc</c>.
    /// </summary>
    public static async Task<ConfiguredHost> StartCenterAsync(ActorWorkspace ws, TestCertificateAuthority ca, CancellationToken ct)
    {
        (await ws.ActorAsync("center", "center", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        var leaf = ca.IssueLeaf(IPAddress.Loopback, "center");
        var url = new Uri($"https://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}/");
        return await StartAsync("center", ws.PathOf("center.json"), $$"""
            {
              "Host": { "DataFolder": "{{ws.Folder("center")}}", "Listen": ["{{url}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}", "CaBundlePath": "{{ca.CaCertificatePath}}" },
              "Center": { "PassphraseFile": "{{ws.PassphraseFile}}" }
            }
            """, url, ca.CaCertificatePath, ws.Root, ct);
    }

    public async Task RestartAsync(CancellationToken ct)
    {
        await Process.DisposeAsync();
        await StartProcessAsync(ct);
    }

    /// <summary>
    /// Polls <c>/readyz</c> until it answers 200 (at most 60 s) and returns its last status: readiness checks call the
    /// chain, which on a loaded machine may answer a first probe late.
    /// </summary>
    public async Task<HttpStatusCode> WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Http.GetAsync("/readyz", ct);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(250, ct);
        }
    }

    /// <summary>Signs in through the REST API; returns the status code.</summary>
    public async Task<HttpStatusCode> SignInAsync(string user, string password, CancellationToken ct)
    {
        using var response = await Http.PostAsJsonAsync("/api/session/token", new { username = user, password }, ct);
        return response.StatusCode;
    }

    private async Task StartProcessAsync(CancellationToken ct)
    {
        var process = ManagedProcess.Start("dotnet", [EmrshareCli.Dll, _branch, "serve", "--config", Config], _workingDirectory,
            new Dictionary<string, string> { ["COLUMNS"] = "200" });
        _process = process;
        await process.WaitUntilAsync(_ => Task.FromResult(process.RecentOutput.Contains("ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(90), ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Http.Dispose();
        _handler.Dispose();
    }
}
