using EmrShare.Core.IO;
using EmrShare.Ledger;
using EmrShare.Ledger.Chain;
using EmrShare.Ledger.Rpc;
using EmrShare.Nodes.Chain;

namespace EmrShare.Cli.Commands;

/// <summary>
/// The chain the demo runs on: the embedded ledger in-process (default, persisted under the data folder) or
/// any JSON-RPC node given by URL whose first accounts are the standard development keys (Hardhat, Anvil).
/// </summary>
internal sealed class DemoChain : IAsyncDisposable
{
    private readonly EmbeddedLedger? _ledger;

    private DemoChain(ChainAccess access, string description, EmbeddedLedger? ledger)
    {
        Access = access;
        Description = description;
        _ledger = ledger;
    }

    public ChainAccess Access { get; }

    public string Description { get; }

    /// <summary>Funded keys: 0 = Center, 1 = hospital A, 2 = hospital B (public development keys, demo only).</summary>
    public static IReadOnlyList<string> Keys => LedgerOptions.DevPrivateKeys;

    public static async Task<DemoChain> OpenAsync(string dataDirectory, Uri? rpc, long chainId, CancellationToken cancellationToken)
    {
        if (rpc is not null)
        {
            return new DemoChain(ChainAccess.ForRpc(rpc, chainId), $"JSON-RPC node at {rpc} (chain {chainId})", null);
        }

        var path = Path.Combine(dataDirectory, "center", "ledger.db");
        PrivateFiles.PrepareDatabase(path);
        var ledger = await EmbeddedLedger.OpenAsync(LedgerOptions.Development(path), cancellationToken: cancellationToken).ConfigureAwait(false);
        var client = new InProcessRpcClient(new LedgerRpcHandler(ledger));
        return new DemoChain(ChainAccess.ForClient(client, 31337), $"embedded ledger ({path}, chain 31337, sealed by the Center)", ledger);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync().ConfigureAwait(false);
        }
    }
}
