using EmrShare.ServiceDefaults;

namespace EmrShare.Web.Tests.Hosting;

[CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection;

/// <summary>
/// Issue 14 #2: an <c>EMRSHARE__SECTION__KEY</c> variable overrides the file. It sets a process-wide variable, so it
/// runs alone (a non-parallel collection): no other test's configuration can read it while it is set.
/// </summary>
[Collection(nameof(ProcessEnvironmentCollection))]
public sealed class ServiceEnvironmentOverrideTests : IDisposable
{
    private const string Variable = "EMRSHARE__HOST__LOGFORMAT";
    private readonly string _folder = Directory.CreateTempSubdirectory("emrshare-config-env-").FullName;

    [Fact]
    public void Load_EnvironmentOverride_ReplacesFileValue()
    {
        var path = Path.Combine(_folder, "service.json");
        File.WriteAllText(path, """{ "Host": { "DataFolder": "d", "Listen": ["http://127.0.0.1:0"], "InsecureHttp": true, "LogFormat": "plain" } }""");
        Environment.SetEnvironmentVariable(Variable, "json");
        try
        {
            Assert.Equal(LogFormat.Json, ServiceOptionsReader.Read(ServiceConfiguration.Load(path)).LogFormat);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }

        Assert.Equal(LogFormat.Plain, ServiceOptionsReader.Read(ServiceConfiguration.Load(path)).LogFormat);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
