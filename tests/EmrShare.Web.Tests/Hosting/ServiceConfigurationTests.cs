using System.Net;
using System.Net.Sockets;
using EmrShare.ServiceDefaults;
using Microsoft.AspNetCore.Builder;

namespace EmrShare.Web.Tests.Hosting;

/// <summary>Issue 14 #2/#4: a bad config stops the service with one typed line naming the key, before it listens.</summary>
public sealed class ServiceConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emrshare-config-").FullName;

    [Fact]
    public void Load_MissingFile_NamesConfigKey()
    {
        var error = Assert.Throws<ServiceConfigurationException>(() => ServiceConfiguration.Load(Path.Combine(_folder, "absent.json")));
        Assert.Equal("--config", error.Key);
        Assert.Contains("file not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadListenUrl_NamesListenKey()
    {
        var error = Read("""{ "Host": { "DataFolder": "d", "Listen": ["not a url"], "InsecureHttp": true } }""");
        Assert.Equal("Host:Listen:0", error.Key);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_BadPublicBaseUrl_NamesItsKey() =>
        Assert.Equal("Host:PublicBaseUrl", Read("""{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true, "PublicBaseUrl": "ftp://x" } }""").Key);

    [Fact]
    public void Read_HttpsWithMissingCertificate_NamesCertificateKey()
    {
        var error = Read($$"""{ "Host": { "DataFolder": "d", "Listen": ["https://127.0.0.1:0"] }, "Tls": { "CertificatePath": "{{Json(Path.Combine(_folder, "none.pem"))}}", "KeyPath": "{{Json(Path.Combine(_folder, "none.key"))}}" } }""");
        Assert.Equal("Tls:CertificatePath", error.Key);
    }

    [Fact]
    public void Read_PlainHttpWithoutFlag_Refused() =>
        Assert.Equal("Host:InsecureHttp", Read("""{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.1:0"] } }""").Key);

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("[::]")]
    [InlineData("192.0.2.10")]
    public void Read_PlainHttpOnNonLoopbackWithoutForce_Refused(string host) =>
        Assert.Equal("Host:ForceInsecureHttp", Read($$"""{ "Host": { "DataFolder": "d", "Listen": ["http://{{host}}:8080"], "InsecureHttp": true } }""").Key);

    [Fact]
    public void Read_PlainHttpOnNonLoopbackWithForce_Accepted()
    {
        var options = ServiceOptionsReader.Read(Load("""{ "Host": { "DataFolder": "d", "Listen": ["http://0.0.0.0:8080"], "InsecureHttp": true, "ForceInsecureHttp": true } }"""));
        Assert.Equal(IPAddress.Any, ServiceOptionsValidator.ListenAddress(options.Listen[0]));
    }

    [Fact]
    public void Read_PlainHttpOnOtherLoopbackAddress_AcceptedWithInsecureFlag()
    {
        var options = ServiceOptionsReader.Read(Load("""{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.2:0"], "InsecureHttp": true } }"""));
        Assert.True(IPAddress.IsLoopback(ServiceOptionsValidator.ListenAddress(options.Listen[0])));
    }

    [Fact]
    public async Task StartService_PortInUse_NamesListenKeyAndListensNowhere()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDefaults(new ServiceOptions { Listen = [new Uri($"http://127.0.0.1:{port}")], InsecureHttp = true, DataFolder = Path.Combine(_folder, "data") });
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<ServiceConfigurationException>(() => app.StartServiceAsync(TestContext.Current.CancellationToken));

        Assert.Equal("Host:Listen", error.Key);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AddServiceDefaults_DataFolder_CreatedOwnerOnly()
    {
        var data = Path.Combine(_folder, "fresh", "data");
        WebApplication.CreateSlimBuilder().AddServiceDefaults(new ServiceOptions { Listen = [new Uri("http://127.0.0.1:0")], InsecureHttp = true, DataFolder = data });
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX modes");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Json(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    private ServiceConfigurationException Read(string json) =>
        Assert.Throws<ServiceConfigurationException>(() => ServiceOptionsReader.Read(Load(json)));

    private Microsoft.Extensions.Configuration.IConfiguration Load(string json)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("n") + ".json");
        File.WriteAllText(path, "// a commented config, as in samples/deploy/\n" + json);
        return ServiceConfiguration.Load(path);
    }
}
