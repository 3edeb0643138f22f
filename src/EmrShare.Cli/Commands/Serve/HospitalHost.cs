using EmrShare.Cli.Commands.Hospital;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Discovery;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// <c>emrshare hospital serve --config FILE</c>: one Kestrel host with the Hospital dashboard, its REST API and
/// OpenAPI, the peer protocol, the access-request watcher and the blob store for peers under <c>/store</c>, on the
/// service defaults (TLS, health, metrics). Config keys: docs/deployment.md "Configuration reference".
/// With <c>Center:DirectoryUrl</c>, peers are found through the Center's signed directory and this hospital publishes
/// its <c>Host:PublicBaseUrl</c> and TLS key pin there at start (<see cref="EndpointPublisher"/>).
/// </summary>
internal static class HospitalHost
{
    public static async Task<int> RunAsync(IServeSettings settings, CancellationToken cancellationToken)
    {
        var config = ServeConfig.Load(settings.Config, settings.InsecureHttp, settings.ForceInsecureHttp);
        var data = config.ExistingDataFolder();
        var hospitalSettings = new HospitalServeCommand.Settings
        {
            DataDirectory = data,
            PassphraseFile = config.ExistingFile("Hospital:PassphraseFile"),
            DeploymentFile = config.ExistingFile("Hospital:DeploymentFile"),
            PeersFile = config.ExistingFile("Hospital:PeersFile"),
            Rpc = config.Url("Chain:RpcUrl"),
            Ipfs = config.Url("Storage:IpfsUrl"),
            Fsync = config.Flag("Hospital", "Fsync"),
            BreakGlassPolicy = BreakGlassPolicies.Parse(config.Configuration["Hospital:BreakGlassPolicy"], "Hospital:BreakGlassPolicy"),
        };

        var discovery = CenterDiscovery.Options(config, publishes: true);
        using var signal = ShutdownSignal.Listen(cancellationToken);
        using var peerHandler = PeerTrust.CreateHandler(config.Service.CaBundlePath);
        await using var session = await HospitalSession.OpenAsync(hospitalSettings, watchAccessRequests: true, signal.Token, peerHandler, discovery).ConfigureAwait(false);
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, "web-accounts.db"), signal.Token).ConfigureAwait(false);
        var web = new WebAppOptions { Service = config.Service, KeysDirectory = Path.Combine(data, "web-keys") };
        await using var app = await EmrShareWebApp.StartAsync(new HospitalActor(session.Service, accounts), web, signal.Token).ConfigureAwait(false);
        Output.Field("hospital", session.Service.Address);
        foreach (var url in app.App.BoundAddresses())
        {
            Output.Field("listen", url);
        }

        Output.Field("public", config.Service.PublicBaseUrl?.ToString() ?? app.BaseAddress.ToString());
        if (session.Directory is CenterDirectory center)
        {
            // The Center may be down or restarting: publishing waits for it without holding up this node's service.
            var told = false;
            void Waiting(Exception _)
            {
                if (!told)
                {
                    Output.Field("directory", "the Center cannot be reached yet; publishing when it can");
                    told = true;
                }
            }

            var publication = await EndpointPublisher.PublishWhenReachableAsync(center, session.Service, config.Service.PublicBaseUrl!, OwnPin(config), TimeProvider.System,
                TimeSpan.FromSeconds(5), Waiting, signal.Token).ConfigureAwait(false);
            Output.Field("directory", publication.Changed ? $"published {publication.Entry.Endpoint} at the Center" : "unchanged at the Center");
        }

        Output.Field("ready", "serving dashboard, API, peer protocol and store (Ctrl+C to stop)");
        await signal.WaitAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The pin peers check: this host's own certificate key; a plain-http endpoint (loopback development only) has none.</summary>
    private static Core.Hash32 OwnPin(ServeConfig config) =>
        config.Service.CertificatePath is { } certificate ? TlsIdentity.SpkiSha256(certificate) : default;
}
