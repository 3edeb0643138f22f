using System.ComponentModel;
using System.Runtime.InteropServices;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Nodes.Transport;
using EmrShare.Storage.Api;
using EmrShare.Storage.Embedded;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Hospital;

/// <summary>
/// <c>emrshare hospital serve</c>: runs the hospital node — the hospital HTTP endpoint (visits, grants,
/// fulfilment) on 127.0.0.1:<c>--port</c> and its blob store through the Kubo-compatible API on
/// <c>--store-port</c>, so grantees fetch ciphertext by CID — unless <c>--ipfs</c> keeps the envelopes in an external
/// IPFS node, which then serves them itself. Stops cleanly on SIGINT/SIGTERM.
/// </summary>
public sealed class HospitalServeCommand : ActorCommand<HospitalServeCommand.Settings>
{
    public sealed class Settings : HospitalSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("Loopback port of the hospital HTTP endpoint. Required.")]
        public int Port { get; init; }

        [CommandOption("--store-port <PORT>")]
        [Description("Loopback port of the blob store's Kubo-compatible API (default: any free port, printed).")]
        public int StorePort { get; init; }

        public override ValidationResult Validate() =>
            Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : StorePort is < 0 or > 65535 ? ValidationResult.Error("--store-port must be 0–65535")
            : StorePort != 0 && Ipfs is not null ? ValidationResult.Error("--store-port and --ipfs exclude each other (with --ipfs the IPFS node serves the envelopes)")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await ServeUntilStoppedAsync(settings, stop.Token).ConfigureAwait(false);

        // Printed only after the servers and databases are closed.
        Output.Field("stopped", "clean shutdown");
        return ExitCodes.Ok;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task ServeUntilStoppedAsync(Settings settings, CancellationToken stop)
    {
        await using var session = await HospitalSession.OpenAsync(settings, watchAccessRequests: true, stop).ConfigureAwait(false);
        var hospital = session.Service;
        await using var endpoint = await HospitalHttpServer.StartAsync(hospital, settings.Port, stop).ConfigureAwait(false);

        // With --ipfs the shared IPFS node already serves the envelopes: peers list its URL as this hospital's store.
        await using var store = hospital.Store is SqliteBlobStore blobs
            ? await KuboApiServer.StartAsync(blobs, settings.StorePort, stop).ConfigureAwait(false)
            : null;
        Output.Field("hospital", hospital.Address);
        Output.Field("endpoint", endpoint.BaseAddress);
        Output.Field("store", store is null ? $"{settings.IpfsUrl} (external IPFS node)" : store.Address.ToString());
        Output.Field("ready", "serving (Ctrl+C to stop)");
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // normal shutdown: the servers and databases close on the way out
        }
    }
}
