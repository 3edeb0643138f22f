using EmrShare.Cli.Commands.Hospital;
using EmrShare.Cli.Commands.Shared;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// <c>emrshare hospital serve --config FILE</c>: one Kestrel host with the Hospital dashboard, its REST API and
/// OpenAPI, the peer protocol, the access-request watcher and the blob store for peers under <c>/store</c>, on the
/// service defaults (TLS, health, metrics). Config keys: docs/deployment.md "Configuration reference".
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
        };

        using var signal = ShutdownSignal.Listen(cancellationToken);
        using var peerHandler = PeerTrust.CreateHandler(config.Service.CaBundlePath);
        await using var session = await HospitalSession.OpenAsync(hospitalSettings, watchAccessRequests: true, signal.Token, peerHandler).ConfigureAwait(false);
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, "web-accounts.db"), signal.Token).ConfigureAwait(false);
        var web = new WebAppOptions { Service = config.Service, KeysDirectory = Path.Combine(data, "web-keys") };
        await using var app = await EmrShareWebApp.StartAsync(new HospitalActor(session.Service, accounts), web, signal.Token).ConfigureAwait(false);
        Output.Field("hospital", session.Service.Address);
        foreach (var url in app.App.BoundAddresses())
        {
            Output.Field("listen", url);
        }

        Output.Field("public", config.Service.PublicBaseUrl?.ToString() ?? app.BaseAddress.ToString());
        Output.Field("ready", "serving dashboard, API, peer protocol and store (Ctrl+C to stop)");
        await signal.WaitAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
