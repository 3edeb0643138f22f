using EmrShare.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// The config of one <c>serve --config FILE</c> run: the shared <see cref="ServiceOptions"/> plus the actor's own
/// section, read and validated before anything is opened or bound, so a bad value stops the process with one line
/// naming its key.
/// </summary>
internal sealed record ServeConfig(IConfiguration Configuration, ServiceOptions Service)
{
    public static ServeConfig Load(string? path, bool insecureHttp, bool forceInsecureHttp)
    {
        var overrides = new Dictionary<string, string?>();
        if (insecureHttp)
        {
            overrides["Host:InsecureHttp"] = "true";
        }

        if (forceInsecureHttp)
        {
            overrides["Host:InsecureHttp"] = "true";
            overrides["Host:ForceInsecureHttp"] = "true";
        }

        var configuration = ServiceConfiguration.Load(path, overrides);
        return new ServeConfig(configuration, ServiceOptionsReader.Read(configuration));
    }

    /// <summary>An optional http(s) URL at <paramref name="key"/> (e.g. <c>Chain:RpcUrl</c>).</summary>
    public string? Url(string key) =>
        Configuration[key] is { Length: > 0 } value ? ServiceOptionsReader.Url(key, value).ToString() : null;

    /// <summary>An optional existing file at <paramref name="key"/>.</summary>
    public string? ExistingFile(string key)
    {
        if (Configuration[key] is not { Length: > 0 } value)
        {
            return null;
        }

        var full = Path.GetFullPath(value);
        return File.Exists(full) ? full : throw new ServiceConfigurationException(key, $"file not found: {full}");
    }

    public bool Flag(string section, string key) => ServiceOptionsReader.Bool(Configuration.GetSection(section), key);

    /// <summary>The data folder must exist (made by <c>init</c>); serve never creates an empty node by accident.</summary>
    public string ExistingDataFolder() =>
        Directory.Exists(Service.DataFolder)
            ? Service.DataFolder
            : throw new ServiceConfigurationException("Host:DataFolder", $"folder not found: {Service.DataFolder} (run 'init' for it first)");
}
