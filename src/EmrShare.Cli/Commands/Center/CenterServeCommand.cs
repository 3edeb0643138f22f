using System.ComponentModel;
using EmrShare.Cli.Commands.Serve;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Deployment;
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
    public sealed class Settings : ServeSettings
    {
        [CommandOption("--port <PORT>")]
        [Description("Without --config: loopback port for JSON-RPC (default 8545).")]
        public int? Port { get; init; }

        protected override IEnumerable<string> GivenInsteadOfConfig() =>
            base.GivenInsteadOfConfig().Concat(Port is not null ? ["--port"] : []);

        public override ValidationResult Validate() => ValidateServe(() =>
            Port is < 1 or > 65535 ? ValidationResult.Error("--port must be 1–65535") : base.Validate());
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Config is not null)
        {
            return await CenterHost.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        var deploymentPath = settings.DeploymentPath;
        var deployment = await DeploymentFile.LoadAsync(deploymentPath, cancellationToken).ConfigureAwait(false);
        if (!CenterSession.HasEmbeddedLedger(settings))
        {
            throw new CliUsageException("this Center was initialised on an external chain (--rpc); there is nothing to serve");
        }

        var key = await Keystores.OpenExisting(settings).LoadAsync(CenterSession.KeyName, settings.Passphrase(), cancellationToken).ConfigureAwait(false);

        // "stopped" is printed only after the ledger sealed what was pending and closed its database.
        return await ServeLoop.RunAsync(async (resources, stop) =>
        {
            var ledger = resources.Own(await EmbeddedLedger.OpenAsync(CenterLedger.Options(settings.Data, deployment.ChainId, key, deployment.Contracts.Registry), cancellationToken: stop).ConfigureAwait(false));
            var server = resources.Own(await LedgerHttpServer.StartAsync(new LedgerRpcHandler(ledger, limits: RpcServerLimits.Served()), settings.Port ?? 8545, stop, RpcServerLimits.Served()).ConfigureAwait(false));
            await (deployment with { Rpc = server.Endpoint.ToString() }).SaveAsync(deploymentPath, stop).ConfigureAwait(false);
            Output.Field("rpc", server.Endpoint);
            Output.Field("chain-id", deployment.ChainId);
            Output.Field("sealer", ledger.SealerAddress);
            return "serving JSON-RPC";
        }, cancellationToken).ConfigureAwait(false);
    }
}
