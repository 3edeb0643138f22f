using EmrShare.Nodes.Discovery;
using EmrShare.ServiceDefaults;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// <c>Center:DirectoryUrl</c>: peers are found through the Center's signed directory, reached over TLS checked
/// against the consortium bundle (<c>Tls:CaBundlePath</c>). One reader for the hospital and wallet hosts.
/// </summary>
internal static class CenterDiscovery
{
    public const string Key = "Center:DirectoryUrl";

    /// <summary>The directory options, or null when the key is absent. <paramref name="publishes"/>: a hospital publishes its own URL, so it needs <c>Host:PublicBaseUrl</c>.</summary>
    public static CenterDirectoryOptions? Options(ServeConfig config, bool publishes)
    {
        if (config.Url(Key) is not { } url)
        {
            return null;
        }

        if (publishes && config.Service.PublicBaseUrl is null)
        {
            throw new ServiceConfigurationException("Host:PublicBaseUrl", $"required with {Key}: it is the URL this hospital publishes for its peers");
        }

        var roots = config.Service.CaBundlePath is { } bundle ? PeerTrust.LoadBundle(bundle) : null;
        var centerHttp = new HttpClient(PeerTrust.CreateHandler(config.Service.CaBundlePath)) { Timeout = TimeSpan.FromSeconds(30) };
        return new CenterDirectoryOptions(new Uri(url), roots, centerHttp);
    }
}
