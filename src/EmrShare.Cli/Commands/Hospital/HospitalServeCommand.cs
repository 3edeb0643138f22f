using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api;
using EmrShare.Storage.Api.Access;
using EmrShare.Storage.Embedded;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital serve --config FILE</c> runs the deployable hospital host (<see cref="HospitalHost"/>). Without
/// <c>--config</c> (development, tests): <c>emrshare hospital serve</c> runs the hospital node — the hospital HTTP endpoint (visits, grants,
/// fulfilment) on 127.0.0.1:<c>--port</c> and its blob store through the Kubo-compatible API on
/// <c>--store-port</c>, so grantees fetch ciphertext by CID — unless <c>--ipfs</c> keeps the envelopes in an external
/// IPFS node, which then serves them itself. Stops cleanly on SIGINT/SIGTERM.
/// </summary>
public sealed class HospitalServeCommand : ActorCommand<HospitalServeCommand.Settings>
{
    public sealed class Settings : ServeSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("Without --config: loopback port of the hospital peer endpoint. Required then.")]
        public int Port { get; init; }

        [CommandOption("--store-port <PORT>")]
        [Description("Loopback port of the blob store's Kubo-compatible API (default: any free port, printed).")]
        public int StorePort { get; init; }

        // The node options of every hospital command (HospitalSettings); serve derives from ServeSettings, so they are listed here.
        [CommandOption("--peers <FILE>")]
        [Description("Without --config: JSON file mapping hospital address → {endpoint, store} URLs, to reach custodians.")]
        public string? PeersFile { get; init; }

        [CommandOption("--ipfs <URL>")]
        [Description("Without --config: Kubo-compatible RPC API to keep this hospital's envelopes in, instead of the embedded store.")]
        public string? Ipfs { get; init; }

        [CommandOption("--fsync")]
        [Description("Without --config: fsync every commit of the EMR database and the embedded store.")]
        public bool Fsync { get; init; }

        /// <summary>The node these options open, as every hospital command opens it.</summary>
        public HospitalSettings AsHospitalSettings() => new()
        {
            DataDirectory = DataDirectory,
            PassphraseFile = PassphraseFile,
            DeploymentFile = DeploymentFile,
            Rpc = Rpc,
            PeersFile = PeersFile,
            Ipfs = Ipfs,
            Fsync = Fsync,
        };

        protected override IEnumerable<string> GivenInsteadOfConfig() =>
            base.GivenInsteadOfConfig()
                .Concat(Port != 0 ? ["--port"] : [])
                .Concat(StorePort != 0 ? ["--store-port"] : [])
                .Concat(PeersFile is not null ? ["--peers"] : [])
                .Concat(Ipfs is not null ? ["--ipfs"] : [])
                .Concat(Fsync ? ["--fsync"] : []);

        public override ValidationResult Validate() => ValidateServe(() =>
            Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : StorePort is < 0 or > 65535 ? ValidationResult.Error("--store-port must be 0–65535")
            : StorePort != 0 && Ipfs is not null ? ValidationResult.Error("--store-port and --ipfs exclude each other (with --ipfs the IPFS node serves the envelopes)")
            : AsHospitalSettings().Validate());
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Config is not null)
        {
            return await HospitalHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        // "stopped" is printed only after the servers and databases are closed.
        var node = settings.AsHospitalSettings();
        return await ServeLoop.RunAsync(async (resources, stop) =>
        {
            var session = resources.Own(await HospitalSession.OpenAsync(node, watchAccessRequests: true, stop).ConfigureAwait(false));
            var hospital = session.Service;
            var endpoint = resources.Own(await HospitalHttpServer.StartAsync(hospital, settings.Port, stop).ConfigureAwait(false));

            // With --ipfs the shared IPFS node already serves the envelopes: peers list its URL as this hospital's store.
            var store = hospital.Store is SqliteBlobStore blobs
                ? resources.Own(await KuboApiServer.StartAdminAsync(blobs, settings.StorePort, KuboAdminApiOptions.LoopbackOnly, stop).ConfigureAwait(false))
                : null;
            Output.Field("hospital", hospital.Address);
            Output.Field("endpoint", endpoint.BaseAddress);
            Output.Field("store", store is null ? $"{node.IpfsUrl} (external IPFS node)" : store.Address.ToString());
            return "serving";
        }, cancellationToken).ConfigureAwait(false);
    }
}
