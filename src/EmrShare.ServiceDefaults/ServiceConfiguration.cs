using Microsoft.Extensions.Configuration;

namespace EmrShare.ServiceDefaults;

/// <summary>
/// One actor's configuration: its JSON file (comments allowed; see samples/deploy/), then environment variables in the
/// <c>EMRSHARE__SECTION__KEY</c> form, then command-line switches (<c>--insecure-http</c> …), each overriding the one before.
/// </summary>
public static class ServiceConfiguration
{
    public const string EnvironmentPrefix = "EMRSHARE__";

    public static IConfiguration Load(string? path, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ServiceConfigurationException("--config", "a config file is required (see samples/deploy/)");
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ServiceConfigurationException("--config", $"file not found: {full}");
        }

        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(full, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .AddInMemoryCollection(overrides ?? [])
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ServiceConfigurationException("--config", $"{full} is not valid JSON ({ex.Message})", ex);
        }
    }
}
