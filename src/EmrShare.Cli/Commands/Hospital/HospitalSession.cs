using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Deployment;
using EmrShare.Nodes.Discovery;
using EmrShare.Nodes.Hospital;
using EmrShare.Nodes.StoreAccess;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Kubo;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// Opens this hospital's node from its data folder (keys from the keystore, SQLite EMR database and blob store —
/// or, with <c>--ipfs</c>, an external Kubo node — the deployment, peers). The serve process and one-shot commands open the same folder: both databases run in
/// SQLite WAL mode, so a one-shot command's writes are safe and visible to the server at once; the only
/// in-memory state (open visit sessions) belongs to the process that answered the patient. Only the serve
/// process watches the chain for access requests (and fulfils them); one-shot commands never do, so a request is
/// answered exactly once, by the long-running node.
/// </summary>
internal sealed class HospitalSession : IAsyncDisposable
{
    private HospitalSession(HttpClient http, HospitalService service, DeploymentFile deployment)
    {
        Http = http;
        Service = service;
        Deployment = deployment;
    }

    public HttpClient Http { get; }

    public HospitalService Service { get; }

    public DeploymentFile Deployment { get; }

    /// <summary>How this node finds its peers (the peers file, or the Center's directory).</summary>
    public IHospitalDirectory Directory { get; private init; } = null!;

    /// <summary>
    /// Opens the node; <c>peerHandler</c> checks peers' certificates (a consortium CA bundle), null = the system trust store.
    /// With <c>discovery</c>, peers are found through the Center's signed directory (the peers file, if any, overrides it per hospital).
    /// </summary>
    public static async Task<HospitalSession> OpenAsync(HospitalSettings settings, bool watchAccessRequests, CancellationToken cancellationToken, HttpMessageHandler? peerHandler = null, CenterDirectoryOptions? discovery = null)
    {
        var info = await HospitalInfo.LoadAsync(Path.Combine(settings.Data, HospitalInfo.FileName), cancellationToken).ConfigureAwait(false);
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var keys = await HospitalKeyring.LoadAsync(Keystores.OpenExisting(settings), settings.Passphrase(), cancellationToken).ConfigureAwait(false);
        var http = peerHandler is null ? new HttpClient() : new HttpClient(peerHandler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(60);
        try
        {
            var peers = settings.PeersFile is null
                ? null
                : new PeersDirectory(await PeersFile.LoadAsync(settings.PeersFile, cancellationToken).ConfigureAwait(false), http, _ => AccountRequestSigner.For(keys));
            var access = deployment.Access(settings.RpcUrl, peerHandler is null ? null : http);
            IHospitalDirectory directory = discovery is null
                ? peers ?? PeersDirectory.Empty(http)
                : CenterDirectory.Open(discovery, access, deployment.Contracts, keys, peers);
            var options = new HospitalOptions(info.Name, settings.Data, keys, access, deployment.Contracts, directory)
            {
                WatchAccessRequests = watchAccessRequests,
                SyncEveryCommit = settings.Fsync,
                BreakGlassPolicy = settings.BreakGlassPolicy,
                AcceptRemoteCheckIns = settings.AcceptRemoteCheckIns,

                EmergencyQuarantineTime = settings.EmergencyQuarantineTime,
                Store = settings.IpfsUrl is { } ipfs ? new KuboBlobStore(new KuboRpcClient(http, ipfs)) : null,
            };
            var service = await HospitalService.OpenAsync(options, cancellationToken).ConfigureAwait(false);
            return new HospitalSession(http, service, deployment) { Directory = directory };
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync().ConfigureAwait(false);
        (Directory as IDisposable)?.Dispose();
        Http.Dispose();
    }
}
