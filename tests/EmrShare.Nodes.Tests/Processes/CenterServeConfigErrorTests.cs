using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EmrShare.TestSupport;

namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #2: <c>emrshare center serve --config</c> with a bad config exits 64 with ONE line naming the key, before it
/// listens (no <c>ready:</c> line): a missing file, a bad URL, a missing certificate, a port in use, a bad Center key.
/// </summary>
public sealed class CenterServeConfigErrorTests
{
    [Fact]
    public async Task CenterServe_MissingConfigFile_ExitsUsageNamingConfig()
    {
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["center", "serve", "--config", ws.PathOf("absent.json")], TestContext.Current.CancellationToken);
        ServeConfigErrors.AssertOneLine(result, "config --config: file not found");
    }

    [Fact]
    public async Task CenterServe_BadPublicBaseUrl_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "center", """{ "Host": { "DataFolder": "d", "Listen": ["https://127.0.0.1:0"], "PublicBaseUrl": "center.example" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Host:PublicBaseUrl: 'center.example' is not an absolute http(s) URL");
    }

    [Fact]
    public async Task CenterServe_MissingCertificate_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "center", """{ "Host": { "DataFolder": "d", "Listen": ["https://127.0.0.1:0"] }, "Tls": { "CertificatePath": "/nonexistent/cert.pem", "KeyPath": "/nonexistent/key.pem" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Tls:CertificatePath: file not found");
    }

    [Fact]
    public async Task CenterServe_BadEnrolmentRoundSize_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        Directory.CreateDirectory(ws.Folder("center"));
        var result = await ServeConfigErrors.ServeAsync(ws, "center", $$"""{ "Host": { "DataFolder": "{{ws.Folder("center")}}", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Center": { "EnrolmentRoundSize": 0 } }""");
        ServeConfigErrors.AssertOneLine(result, "config Center:EnrolmentRoundSize: must be between 1 and 256");
    }

    [Fact]
    public async Task CenterServe_PortInUse_ExitsUsageNamingListenBeforeServing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var ws = new ActorWorkspace();
        (await ws.ActorAsync("center", "center", "init", ["--scrypt-n", ActorWorkspace.TestScryptN], ct)).EnsureOk();
        using var ca = new TestCertificateAuthority(ws.PathOf("tls"));
        var leaf = ca.IssueLeaf(IPAddress.Loopback, "center");
        var port = FreePort.Next();
        using var occupant = new TcpListener(IPAddress.Loopback, port);
        occupant.Start();
        var result = await ServeConfigErrors.ServeAsync(ws, "center", $$"""
            { "Host": { "DataFolder": "{{ws.Folder("center")}}", "Listen": ["https://127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}}"] },
              "Tls": { "CertificatePath": "{{leaf.CertificatePath}}", "KeyPath": "{{leaf.KeyPath}}" },
              "Center": { "PassphraseFile": "{{ws.PassphraseFile}}" } }
            """);
        ServeConfigErrors.AssertOneLine(result, "config Host:Listen: cannot listen:");
    }
}
