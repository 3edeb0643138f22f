using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using EmrShare.ServiceDefaults;
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
    public sealed class Settings : HospitalSettings, IServeSettings
    {
        [CommandOption("--config <FILE>")]
        [Description(ServeOptionText.Config)]
        public string? Config { get; init; }

        [CommandOption("--insecure-http")]
        [Description(ServeOptionText.InsecureHttp)]
        public bool InsecureHttp { get; init; }

        [CommandOption("--force-insecure-http")]
        [Description(ServeOptionText.ForceInsecureHttp)]
        public bool ForceInsecureHttp { get; init; }

        [CommandOption("--port <PORT>")]
        [Description("Without --config: loopback port of the hospital peer endpoint. Required then.")]
        public int Port { get; init; }

        [CommandOption("--store-port <PORT>")]
        [Description("Loopback port of the blob store's Kubo-compatible API (default: any free port, printed).")]
        public int StorePort { get; init; }

        public override ValidationResult Validate() =>
            Config is not null ? (Port != 0 || StorePort != 0 || DataDirectory is not null
                ? ValidationResult.Error("--config replaces --data, --port and --store-port (set Host:DataFolder and Host:Listen in the file)")
                : ValidationResult.Success())
            : Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : StorePort is < 0 or > 65535 ? ValidationResult.Error("--store-port must be 0–65535")
            : StorePort != 0 && Ipfs is not null ? ValidationResult.Error("--store-port and --ipfs exclude each other (with --ipfs the IPFS node serves the envelopes)")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Config is not null)
        {
            return await HospitalHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        using var signal = ShutdownSignal.Listen(cancellationToken);
        await ServeUntilStoppedAsync(settings, signal).ConfigureAwait(false);

        // Printed only after the servers and databases are closed.
        Output.Field("stopped", "clean shutdown");
        return ExitCodes.Ok;
    }

    private static async Task ServeUntilStoppedAsync(Settings settings, ShutdownSignal signal)
    {
        var stop = signal.Token;
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: true, stop).ConfigureAwait(false);
        var hospital = session.Service;
        await using var endpoint = await HospitalHttpServer.StartAsync(hospital, settings.Port, stop).ConfigureAwait(false);

        // With --ipfs the shared IPFS node already serves the envelopes: peers list its URL as this hospital's store.
        await using var store = hospital.Store is SqliteBlobStore blobs
            ? await KuboApiServer.StartAdminAsync(blobs, settings.StorePort, KuboAdminApiOptions.LoopbackOnly, stop).ConfigureAwait(false)
            : null;
        Output.Field("hospital", hospital.Address);
        Output.Field("endpoint", endpoint.BaseAddress);
        Output.Field("store", store is null ? $"{settings.IpfsUrl} (external IPFS node)" : store.Address.ToString());
        Output.Field("ready", "serving (Ctrl+C to stop)");
        await signal.WaitAsync().ConfigureAwait(false);
    }
}
