using EmrShare.Cli.Commands.Hospital;
using EmrShare.Nodes.Discovery;
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
    public static Task<int> RunAsync(IServeSettings settings, CancellationToken cancellationToken) =>
        ServeHost.RunAsync(settings, OpenAsync, cancellationToken);

    /// <summary>The hospital's middle of <see cref="ServeHost"/>: its node (EMR database, store, watcher, peers) and staff accounts; once listening, its directory entry.</summary>
    public static async Task OpenAsync(ServeContext context, ServedActor served)
    {
        var (config, data) = (context.Config, context.DataFolder);
        var hospitalSettings = new HospitalSettings
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
        var session = served.Own(await HospitalSession.OpenAsync(hospitalSettings, watchAccessRequests: true, context.Stop, context.PeerHandler, discovery).ConfigureAwait(false));
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, "web-accounts.db"), context.Stop).ConfigureAwait(false);
        served.Web = new HospitalActor(session.Service, accounts);
        served.Identity = ("hospital", session.Service.Address);
        served.Ready = "serving dashboard, API, peer protocol and store";
        if (session.Directory is CenterDirectory center)
        {
            served.Listening = (_, ct) => PublishAsync(context, center, session.Service, ct);
        }
    }

    /// <summary>Publishes this hospital's URL and pin in the Center's directory; the Center may be down or restarting, so it waits for it without holding up this node's service.</summary>
    private static async Task PublishAsync(ServeContext context, CenterDirectory center, Nodes.Hospital.HospitalService hospital, CancellationToken ct)
    {
        var told = false;
        void Waiting(Exception _)
        {
            if (!told)
            {
                context.Print("directory", "the Center cannot be reached yet; publishing when it can");
                told = true;
            }
        }

        var publication = await EndpointPublisher.PublishWhenReachableAsync(center, hospital, context.Config.Service.PublicBaseUrl!, OwnPin(context.Config), TimeProvider.System,
            TimeSpan.FromSeconds(5), Waiting, ct).ConfigureAwait(false);
        context.Print("directory", publication.Changed ? $"published {publication.Entry.Endpoint} at the Center" : "unchanged at the Center");
    }

    /// <summary>The pin peers check: this host's own certificate key; a plain-http endpoint (loopback development only) has none.</summary>
    private static Core.Hash32 OwnPin(ServeConfig config) =>
        config.Service.CertificatePath is { } certificate ? TlsIdentity.SpkiSha256(certificate) : default;
}
