namespace EmrShare.Nodes.Tests.Processes;

/// <summary>
/// Issue 14 #2: <c>emrshare hospital serve --config</c> with a bad config exits 64 with ONE line naming the key, before
/// it opens the node or listens (the real process; the port-in-use case is in Web.Tests' ServiceConfigurationTests).
/// </summary>
public sealed class ServeConfigErrorTests
{
    [Fact]
    public async Task HospitalServe_MissingConfigFile_ExitsUsageNamingConfig()
    {
        await using var ws = new ActorWorkspace();
        var result = await ws.RunAsync(["hospital", "serve", "--config", ws.PathOf("absent.json")], TestContext.Current.CancellationToken);
        ServeConfigErrors.AssertOneLine(result, "config --config: file not found");
    }

    [Fact]
    public async Task HospitalServe_BadListenUrl_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital", """{ "Host": { "DataFolder": "d", "Listen": ["https//0.0.0.0:8443"] } }""");
        ServeConfigErrors.AssertOneLine(result, "config Host:Listen:0:");
    }

    [Fact]
    public async Task HospitalServe_MissingCertificate_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital", """{ "Host": { "DataFolder": "d", "Listen": ["https://127.0.0.1:0"] }, "Tls": { "CertificatePath": "/nonexistent/cert.pem", "KeyPath": "/nonexistent/key.pem" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Tls:CertificatePath: file not found");
    }

    [Fact]
    public async Task HospitalServe_PlainHttpOnEveryInterfaceWithoutForce_ExitsUsage()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital", """{ "Host": { "DataFolder": "d", "Listen": ["http://0.0.0.0:8080"] } }""", "--insecure-http");
        ServeConfigErrors.AssertOneLine(result, "config Host:ForceInsecureHttp: plain HTTP on non-loopback address 0.0.0.0 is refused");
    }

    [Fact]
    public async Task HospitalServe_BadEnvironmentOverride_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        // Set for the child only: on the test process it leaked into the children of config tests running in parallel.
        var path = ws.PathOf("hospital.json");
        await File.WriteAllTextAsync(path, $$"""{ "Host": { "DataFolder": "{{ws.Root}}", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true } }""", TestContext.Current.CancellationToken);
        var result = await ws.RunAsync(["hospital", "serve", "--config", path], TestContext.Current.CancellationToken, new Dictionary<string, string> { ["EMRSHARE__CHAIN__RPCURL"] = "not-a-url" });
        ServeConfigErrors.AssertOneLine(result, "config Chain:RpcUrl: 'not-a-url' is not an absolute http(s) URL");
    }

    [Fact]
    public async Task HospitalServe_DirectoryUrlWithoutPublicBaseUrl_ExitsUsageNamingKey()
    {
        await using var ws = new ActorWorkspace();
        var result = await ServeConfigErrors.ServeAsync(ws, "hospital", $$"""{ "Host": { "DataFolder": "{{ws.Root}}", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true }, "Center": { "DirectoryUrl": "https://127.0.0.1:9/" } }""");
        ServeConfigErrors.AssertOneLine(result, "config Host:PublicBaseUrl: required with Center:DirectoryUrl");
    }
}
