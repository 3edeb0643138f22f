using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Deployment;
using EmrShare.ServiceDefaults;
using Spectre.Console;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center serve --config FILE</c> runs the deployable Center host (<see cref="CenterHost"/>). Without
/// <c>--config</c> (development, tests): <c>emrshare center serve</c> runs the Center's embedded ledger as the sealer with JSON-RPC on 127.0.0.1 and
/// records that URL in <c>deployment.json</c>. A Center on an external chain (<c>init --rpc</c>) has no serve loop.
/// SIGINT/SIGTERM seal what is pending and stop.
/// </summary>
public sealed class CenterServeCommand : ActorCommand<CenterServeCommand.Settings>
{
    public sealed class Settings : ActorSettings, IServeSettings
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
        [Description("Without --config: loopback port for JSON-RPC (default 8545).")]
        public int? Port { get; init; }

        public override ValidationResult Validate() =>
            Config is not null ? (Port is not null || DataDirectory is not null
                ? ValidationResult.Error("--config replaces --data and --port (set Host:DataFolder and Host:Listen in the file)")
                : ValidationResult.Success())
            : Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535")
            : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Config is not null)
        {
            var code = await CenterHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
            Output.Field("stopped", "clean shutdown"); // after the web app, ledger and databases are closed
            return code;
        }

        var deploymentPath = settings.DeploymentPath;
        var deployment = await DeploymentFile.LoadAsync(deploymentPath, cancellationToken).ConfigureAwait(false);
        if (!CenterSession.HasEmbeddedLedger(settings))
        {
            throw new CliUsageException("this Center was initialised on an external chain (--rpc); there is nothing to serve");
        }

        var key = await Keystores.OpenExisting(settings).LoadAsync(CenterSession.KeyName, settings.Passphrase(), cancellationToken).ConfigureAwait(false);
        using var signal = ShutdownSignal.Listen(cancellationToken);
        await ServeUntilStoppedAsync(settings, deployment, deploymentPath, key, signal).ConfigureAwait(false);

        // Printed only after the ledger sealed what was pending and closed its database.
        Output.Field("stopped", "clean shutdown");
        return ExitCodes.Ok;
    }

    private static async Task ServeUntilStoppedAsync(Settings settings, DeploymentFile deployment, string deploymentPath, Nethereum.Signer.EthECKey key, ShutdownSignal signal)
    {
        var stop = signal.Token;
        await using var ledger = await EmbeddedLedger.OpenAsync(CenterLedger.Options(settings.Data, deployment.ChainId, key, deployment.Contracts.Registry), cancellationToken: stop).ConfigureAwait(false);
        await using var server = await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger, limits: RpcServerLimits.Served()), settings.Port ?? 8545, stop, RpcServerLimits.Served()).ConfigureAwait(false);
        await (deployment with { Rpc = server.Endpoint.ToString() }).SaveAsync(deploymentPath, stop).ConfigureAwait(false);
        Output.Field("rpc", server.Endpoint);
        Output.Field("chain-id", deployment.ChainId);
        Output.Field("sealer", ledger.SealerAddress);
        Output.Field("ready", "serving JSON-RPC (Ctrl+C to stop)");
        await signal.WaitAsync().ConfigureAwait(false);

        // normal shutdown: disposing the ledger seals what is pending
    }
}
