using EmrShare.Cli.Commands.Shared;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Nodes.Center;

namespace EmrShare.Cli.Commands.Center;

/// <summary>The Center as a one-shot command sees it: its key from the keystore, attached to the deployment over JSON-RPC.</summary>
internal static class CenterSession
{
    public const string KeyName = "center";

    public static async Task<CenterService> AttachAsync(ActorSettings settings, CancellationToken cancellationToken)
    {
        var deployment = await settings.LoadDeploymentAsync(cancellationToken).ConfigureAwait(false);
        var key = await Keystores.OpenExisting(settings).LoadAsync(KeyName, settings.Passphrase(), cancellationToken).ConfigureAwait(false);
        return CenterService.Attach(deployment.Access(settings.RpcUrl), HexBytes.ToHex(key.ToBytes32()), deployment.Contracts);
    }

    /// <summary>Whether this Center runs the embedded ledger (created by <c>center init</c> without <c>--rpc</c>).</summary>
    public static bool HasEmbeddedLedger(ActorSettings settings) => Directory.Exists(Path.Combine(settings.Data, "ledger"));
}
