namespace EmrShare.Cli.Commands.Serve;

/// <summary>The switches every <c>serve</c> command shares with its config file.</summary>
public interface IServeSettings
{
    /// <summary>The actor's JSON config (samples/deploy/); with it, the host runs as a deployment.</summary>
    string? Config { get; }

    bool InsecureHttp { get; }

    bool ForceInsecureHttp { get; }
}

/// <summary>Option attributes kept in one place (Spectre binds them on each settings class).</summary>
internal static class ServeOptionText
{
    public const string Config = "The actor's JSON config file (see samples/deploy/). Environment variables EMRSHARE__SECTION__KEY override it.";
    public const string InsecureHttp = "Allow plain HTTP listeners on loopback addresses (development, or a TLS proxy on this host).";
    public const string ForceInsecureHttp = "Also allow plain HTTP on non-loopback addresses (only behind a TLS-terminating proxy).";
}
