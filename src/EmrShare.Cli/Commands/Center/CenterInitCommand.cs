using System.ComponentModel;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;
using Spectre.Console.Cli;

namespace EmrShare.Cli.Commands.Center;

/// <summary>
/// <c>emrshare center init</c>: creates the Center key in the keystore and deploys the contracts — on the
/// embedded ledger (its chain lives in <c>&lt;data&gt;/ledger</c>, served later by <c>center serve</c>) or on the
/// JSON-RPC node given with <c>--rpc</c> — then writes <c>deployment.json</c>.
/// </summary>
public sealed class CenterInitCommand : ActorCommand<CenterInitCommand.Settings>
{
    public sealed class Settings : InitSettings
    {
        [CommandOption("--chain-id <ID>")]
        [Description("Chain id: of the --rpc node, or of the new embedded chain (default 31337).")]
        [DefaultValue(global::EmrShare.Ledger.LedgerOptions.DefaultChainId)]
        public long ChainId { get; init; } = Ledger.LedgerOptions.DefaultChainId;

        [CommandOption("--key-file <FILE>")]
        [Description("Use this existing (funded) private key as the Center key instead of generating one; needed with --rpc unless you fund the new key.")]
        public string? KeyFile { get; init; }

        public override Spectre.Console.ValidationResult Validate() =>
            ChainId <= 0 ? Spectre.Console.ValidationResult.Error("--chain-id must be positive") : base.Validate();
    }

    protected override async Task<int> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        var deploymentPath = settings.DeploymentPath;
        if (File.Exists(deploymentPath))
        {
            throw new CliUsageException($"{deploymentPath} already exists: this Center is initialised");
        }

        var passphrase = settings.Passphrase();
        var rpc = settings.RpcUrl;
        if (rpc is null && CenterSession.HasEmbeddedLedger(settings))
        {
            throw new CliUsageException($"{Path.Combine(settings.Data, "ledger")} is left from an earlier init that did not finish; remove it first");
        }

        var store = Keystores.Create(settings, settings.ScryptN);
        var key = PrivateKeys.FromScalar(settings.KeyFile is null ? Secp256k1.NewAccountKey() : Keystores.ReadKeyFile(settings.KeyFile));
        var keyHex = HexBytes.ToHex(key.ToBytes32());
        Output.Field("center", key.Address());

        CenterService center;
        if (rpc is null)
        {
            await using var ledger = await EmbeddedLedger.OpenAsync(CenterLedger.Options(settings.Data, settings.ChainId, key), cancellationToken: cancellationToken).ConfigureAwait(false);
            var access = ChainAccess.ForClient(new InProcessRpcClient(new LedgerRpcHandler(ledger)), settings.ChainId);
            center = await Output.ProgressAsync("deploying contracts on the embedded ledger…", () => CenterService.DeployAsync(access, keyHex, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            center = await Output.ProgressAsync($"deploying contracts via {rpc}…", () => CenterService.DeployAsync(ChainAccess.ForRpc(rpc, settings.ChainId), keyHex, cancellationToken)).ConfigureAwait(false);
        }

        // The key is kept only once the deployment worked, so a failed init (node unreachable) can simply be re-run.
        await store.SaveAsync(CenterSession.KeyName, key, passphrase, cancellationToken).ConfigureAwait(false);
        var deployment = new DeploymentFile(settings.ChainId, rpc?.ToString(), center.Addresses, center.Address.ToString());
        await deployment.SaveAsync(deploymentPath, cancellationToken).ConfigureAwait(false);
        Output.Field("chain-id", settings.ChainId);
        Output.Field("registry", center.Addresses.Registry);
        Output.Field("records", center.Addresses.Records);
        Output.Field("index", center.Addresses.Index);
        Output.Field("access-control", center.Addresses.AccessControl);
        Output.Field("deployment", deploymentPath);
        if (rpc is null)
        {
            Output.Field("next", "run 'emrshare center serve' to serve the embedded chain over JSON-RPC");
        }

        return ExitCodes.Ok;
    }
}
