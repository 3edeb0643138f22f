using System.Globalization;
using EmrShare.Cli.Commands.Center;
using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Center;
using EmrShare.Nodes.Chain;
using EmrShare.Nodes.Deployment;
using EmrShare.ServiceDefaults;
using EmrShare.Web.Auth;
using EmrShare.Web.Hosting;

namespace EmrShare.Cli.Commands.Serve;

/// <summary>
/// <c>emrshare center serve --config FILE</c>: one Kestrel host on the service defaults with the Center dashboard,
/// its REST API and OpenAPI, the enrolment queue, the signed peer directory (<c>/v1/directory</c>) and, when this
/// Center seals the embedded ledger, its JSON-RPC at <c>/rpc</c> (whose public URL is written to
/// <c>deployment.json</c>). Config keys: docs/deployment.md "Configuration reference".
/// </summary>
internal static class CenterHost
{
    public static Task<int> RunAsync(IServeSettings settings, CancellationToken cancellationToken) =>
        ServeHost.RunAsync(settings, OpenAsync, cancellationToken);

    /// <summary>The Center's middle of <see cref="ServeHost"/>: its ledger (when it seals), Center service, enrolment queue, directory and accounts.</summary>
    public static async Task OpenAsync(ServeContext context, ServedActor served)
    {
        var (config, data, stop) = (context.Config, context.DataFolder, context.Stop);
        var centerSettings = new ActorSettings
        {
            DataDirectory = data,
            PassphraseFile = config.ExistingFile("Center:PassphraseFile"),
            DeploymentFile = config.ExistingFile("Center:DeploymentFile"),
            Rpc = config.Url("Chain:RpcUrl"),
        };
        var policy = EnrolmentPolicyOf(config);
        var embedded = CenterSession.HasEmbeddedLedger(centerSettings);
        if (embedded && centerSettings.Rpc is not null)
        {
            throw new ServiceConfigurationException("Chain:RpcUrl", "this Center seals the embedded ledger and serves its JSON-RPC itself; leave the key empty");
        }

        var deploymentPath = centerSettings.DeploymentPath;
        var deployment = await DeploymentFile.LoadAsync(deploymentPath, stop).ConfigureAwait(false);
        var key = await Keystores.OpenExisting(centerSettings).LoadAsync(CenterSession.KeyName, centerSettings.Passphrase(), stop).ConfigureAwait(false);
        var chainHttp = served.Own(new HttpClient(context.PeerHandler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(60) });
        var ledger = embedded
            ? served.Own(await EmbeddedLedger.OpenAsync(CenterLedger.Options(data, deployment.ChainId, key, deployment.Contracts.Registry), cancellationToken: stop).ConfigureAwait(false))
            : null;
        var access = ledger is null
            ? deployment.Access(centerSettings.RpcUrl, chainHttp)
            : ChainAccess.ForClient(new InProcessRpcClient(new LedgerRpcHandler(ledger)), deployment.ChainId);
        var center = CenterService.Attach(access, HexBytes.ToHex(key.ToBytes32()), deployment.Contracts);
        var enrolment = served.Own(await EnrolmentQueue.OpenAsync(data, center, policy, TimeProvider.System, stop).ConfigureAwait(false));
        var directory = await PeerDirectory.OpenAsync(data, center, key, TimeProvider.System, stop).ConfigureAwait(false);
        var accounts = await AccountStore.OpenAsync(Path.Combine(data, AdminAccounts.FileName), stop).ConfigureAwait(false);
        served.Web = new CenterActor(center, accounts, enrolment)
        {
            LedgerRpc = ledger is null ? null : new LedgerRpcHandler(ledger, limits: RpcServerLimits.Served()),
            Directory = directory,
        };
        served.Identity = ("center", center.Address);
        served.Ready = "serving dashboard, API, enrolment queue, peer directory" + (ledger is null ? string.Empty : " and JSON-RPC");
        served.Listening = async (publicBase, ct) =>
        {
            if (ledger is not null)
            {
                var rpc = new Uri(publicBase.ToString().TrimEnd('/') + CenterActor.LedgerRpcPath);
                await (deployment with { Rpc = rpc.ToString() }).SaveAsync(deploymentPath, ct).ConfigureAwait(false);
                context.Print("rpc", rpc);
                context.Print("sealer", ledger.SealerAddress);
            }

            context.Print("chain-id", deployment.ChainId);
        };
    }

    /// <summary><c>Center:EnrolmentRoundSize</c> (k, default 16) and <c>Center:IndexGasEther</c> (default 1).</summary>
    private static EnrolmentPolicy EnrolmentPolicyOf(ServeConfig config)
    {
        var section = config.Configuration.GetSection("Center");
        var roundSize = ServiceOptionsReader.Long(section, "EnrolmentRoundSize", 16);
        if (roundSize is < 1 or > EnrolmentPolicy.MaxRoundSize)
        {
            throw new ServiceConfigurationException("Center:EnrolmentRoundSize", $"must be between 1 and {EnrolmentPolicy.MaxRoundSize}");
        }

        var gas = 1m;
        if (ServiceOptionsReader.Optional(section, "IndexGasEther") is { } text
            && (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out gas) || gas < 0))
        {
            throw new ServiceConfigurationException("Center:IndexGasEther", $"'{text}' is not a non-negative number of ether");
        }

        return new EnrolmentPolicy((int)roundSize, gas);
    }
}
