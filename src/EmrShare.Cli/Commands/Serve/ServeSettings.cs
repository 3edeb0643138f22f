using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>The switches every <c>serve</c> command shares with its config file.</summary>
public interface IServeSettings
{
    /// <summary>The actor's JSON config (samples/deploy/); with it, the host runs as a deployment.</summary>
    string? Config { get; }

    bool InsecureHttp { get; }

    bool ForceInsecureHttp { get; }
}

/// <summary>
/// Options of <c>center serve</c>, <c>hospital serve</c> and <c>wallet serve</c>, declared once. With <c>--config</c>
/// the file says everything the actor options (<c>--data</c>, <c>--passphrase-file</c>, <c>--deployment</c>,
/// <c>--rpc</c>) would, so giving one of them too is refused rather than one of the two silently winning.
/// </summary>
public abstract class ServeSettings : ActorSettings, IServeSettings
{
    [CommandOption("--config <FILE>")]
    [Description("The actor's JSON config file (see samples/deploy/). Environment variables EMRSHARE__SECTION__KEY override it.")]
    public string? Config { get; init; }

    [CommandOption("--insecure-http")]
    [Description("Allow plain HTTP listeners on loopback addresses (development, or a TLS proxy on this host).")]
    public bool InsecureHttp { get; init; }

    [CommandOption("--force-insecure-http")]
    [Description("Also allow plain HTTP on non-loopback addresses (only behind a TLS-terminating proxy).")]
    public bool ForceInsecureHttp { get; init; }

    /// <summary>The options of this command that <c>--config</c> replaces and that were given (their flags).</summary>
    protected virtual IEnumerable<string> GivenInsteadOfConfig() =>
        (DataDirectory is not null ? ["--data"] : Array.Empty<string>()).Concat(GivenOptions());

    /// <summary>Without <c>--config</c>: the command-line mode's own checks (<paramref name="withoutConfig"/>).</summary>
    protected ValidationResult ValidateServe(Func<ValidationResult> withoutConfig)
    {
        ArgumentNullException.ThrowIfNull(withoutConfig);
        if (Config is null)
        {
            return (InsecureHttp || ForceInsecureHttp)
                ? ValidationResult.Error("--insecure-http and --force-insecure-http go with --config (without it the node serves on 127.0.0.1 only)")
                : withoutConfig();
        }

        var given = GivenInsteadOfConfig().ToList();
        return given.Count == 0
            ? ValidationResult.Success()
            : ValidationResult.Error($"--config replaces {string.Join(", ", given)} (set them in the file: Host:DataFolder, Host:Listen, the actor's PassphraseFile and DeploymentFile, Chain:RpcUrl)");
    }
}
