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
            AcceptRemoteCheckIns = RemoteCheckIns.Parse(config.Configuration["Hospital:RemoteCheckIns"], "Hospital:RemoteCheckIns"),

            EmergencyQuarantineTime = BreakGlassPolicies.QuarantineTime(config.Configuration["Hospital:EmergencyQuarantineHours"], "Hospital:EmergencyQuarantineHours"),
        };

        var discovery = CenterDiscovery.Options(config, publishes: true);
        var session = served.Own(await HospitalSession.OpenAsync(hospitalSettings, watchAccessRequests: true, context.Stop, context.PeerHandler, discovery).ConfigureAwait(false));
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, "web-accounts.db"), context.Stop).ConfigureAwait(false);
        var directoryStatus = session.Directory is CenterDirectory ? new DirectoryPublicationStatus() : null;
        served.Web = new HospitalActor(session.Service, accounts) { DirectoryStatus = directoryStatus };
        served.Identity = ("hospital", session.Service.Address);
        served.Ready = "serving dashboard, API, peer protocol and store";
        if (session.Directory is CenterDirectory center)
        {
            served.Listening = (_, ct) => PublishAsync(context, served, center, session.Service, directoryStatus!, ct);
        }
    }

    /// <summary>
    /// Publishes this hospital's URL and pin in the Center's directory. Registered already: published before the host
    /// says it is ready (the Center may be down or restarting: it waits for it). Not registered yet (the Center's
    /// admin registers it from its identity file once it runs): the host serves anyway, says it is waiting for
    /// registration (a <c>directory:</c> line, <c>/readyz</c> check <c>directory</c>) and publishes in the background as
    /// soon as the chain lists it (<see cref="EndpointPublisher.PublishWhenRegisteredAsync"/>).
    /// </summary>
    private static async Task PublishAsync(ServeContext context, ServedActor served, CenterDirectory center, Nodes.Hospital.HospitalService hospital, DirectoryPublicationStatus status, CancellationToken ct)
    {
        var (publicUrl, pin) = (context.Config.Service.PublicBaseUrl!, OwnPin(context.Config));
        var registered = await EndpointPublisher.IsRegisteredAsync(hospital, ct).ConfigureAwait(false);
        if (registered == true)
        {
            var told = false;
            void CenterUnreachable(Exception _)
            {
                status.Waiting("the Center cannot be reached yet");
                if (!told)
                {
                    context.Print("directory", "the Center cannot be reached yet; publishing when it can");
                    told = true;
                }
            }

            Report(context, status, await EndpointPublisher.PublishWhenReachableAsync(center, hospital, publicUrl, pin, TimeProvider.System, TimeSpan.FromSeconds(5), CenterUnreachable, ct).ConfigureAwait(false));
            return;
        }

        string? last = null;
        void Waiting(string reason)
        {
            status.Waiting(reason);
            if (reason != last)
            {
                context.Print("directory", reason == DirectoryPublicationStatus.WaitingForRegistration
                    ? $"{reason}: {hospital.Address} is not an active hospital in the Registry yet; publishing {publicUrl} once it is"
                    : reason + "; publishing when it can");
                last = reason;
            }
        }

        // Said before the ready line, so the operator sees why the host is not ready yet.
        Waiting(registered is null ? "the chain cannot be reached yet" : DirectoryPublicationStatus.WaitingForRegistration);
        served.Own(BackgroundPublication.Start(stop => DirectoryPublicationLoop.RunAsync(
            attempt => EndpointPublisher.PublishWhenRegisteredAsync(center, hospital, publicUrl, pin, TimeProvider.System, RetryBackoff.Registration, Waiting, attempt),
            status, line => context.Print("directory", line), TimeProvider.System, RetryBackoff.Registration, stop), context.Stop));
    }

    private static void Report(ServeContext context, DirectoryPublicationStatus status, EndpointPublication publication)
    {
        status.Published();
        context.Print("directory", publication.Changed ? $"published {publication.Entry.Endpoint} at the Center" : "unchanged at the Center");
    }

    /// <summary>The pin peers check: this host's own certificate key; a plain-http endpoint (loopback development only) has none.</summary>
    private static Core.Hash32 OwnPin(ServeConfig config) =>
        config.Service.CertificatePath is { } certificate ? TlsIdentity.SpkiSha256(certificate) : default;
}
