using EmrShare.Cli.Commands.Patient;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Transport;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// <c>emrshare wallet serve --config FILE</c>: a self-hosted wallet for ONE patient, one Kestrel host on the service
/// defaults with the Patient dashboard over the patient's own data folder (made by <c>patient init</c>). The keystore is
/// unlocked server-side at start (<c>Wallet:PassphraseFile</c>), so whoever runs the host can read everything the wallet
/// can; signing in to the page proves the same passphrase. Revocations are sent by the patient's own index account.
/// Config keys: docs/deployment.md "Configuration reference".
/// </summary>
internal static class WalletHost
{
    public static Task<int> RunAsync(IServeSettings settings, CancellationToken cancellationToken) =>
        ServeHost.RunAsync(settings, OpenAsync, cancellationToken);

    /// <summary>The wallet's middle of <see cref="ServeHost"/>: the patient's session and the hospital directory it reaches custodians through.</summary>
    public static async Task OpenAsync(ServeContext context, ServedActor served)
    {
        var (config, data, stop) = (context.Config, context.DataFolder, context.Stop);
        var walletSettings = new ActorSettings
        {
            DataDirectory = data,
            PassphraseFile = config.ExistingFile("Wallet:PassphraseFile"),
            DeploymentFile = config.ExistingFile("Wallet:DeploymentFile"),
            Rpc = config.Url("Chain:RpcUrl"),
        };
        var peersFile = config.ExistingFile("Wallet:PeersFile");
        if (peersFile is not null && config.Url(CenterDiscovery.Key) is not null)
        {
            throw new ServiceConfigurationException("Wallet:PeersFile", $"not used together with {CenterDiscovery.Key}: the wallet finds hospitals through the Center's directory; remove one of the two");
        }

        var http = served.Own(new HttpClient(context.PeerHandler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) });
        var session = served.Own(await PatientSession.OpenAsync(walletSettings, stop, http).ConfigureAwait(false));
        // Reads of a custodian's store are signed with the patient's pseudonym key at that custodian; hospitals are
        // found through the Center's signed directory when Center:DirectoryUrl is set, else through Wallet:PeersFile.
        // The Center directory owns its HTTP clients and is disposed after the web host stops.
        var centerDirectory = CenterDiscovery.Options(config, publishes: false) is { } discovery
            ? served.Own(CenterDirectory.OpenForWallet(discovery, session.Deployment.Access(walletSettings.RpcUrl, http), session.Deployment.Contracts, session.Wallet.StoreReadSigner))
            : null;
        IHospitalDirectory directory = (IHospitalDirectory?)centerDirectory
            ?? (peersFile is null ? PeersDirectory.Empty(http) : new PeersDirectory(await PeersFile.LoadAsync(peersFile, stop).ConfigureAwait(false), http, session.Wallet.StoreReadSigner));
        served.Web = new PatientActor(session.Wallet, Keystores.OpenExisting(walletSettings), PatientSession.MasterKeyName, directory, session.Wallet.OwnRelay);
        served.Ready = "serving the patient wallet";
    }
}
