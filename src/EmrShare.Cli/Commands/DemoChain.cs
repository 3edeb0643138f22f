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

    /// <summary>The embedded ledger (null on an external node), so the Center's web app can serve its JSON-RPC.</summary>
    public EmbeddedLedger? Ledger => _ledger;

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
        return new DemoChain(ChainAccess.ForClient(client, LedgerOptions.DefaultChainId), $"embedded ledger ({path}, chain {LedgerOptions.DefaultChainId}, sealed by the Center)", ledger);
    }

    /// <summary>
    /// On an external node the demo spends from the development keys 0–2 (Center, hospitals A and B). Returns null when
    /// each holds at least <paramref name="minimumEther"/>, else what to fund and how (a node whose accounts are other keys).
    /// </summary>
    public async Task<string?> UnfundedAccountsAsync(decimal minimumEther, CancellationToken cancellationToken)
    {
        var roles = new[] { "Center", "hospital A", "hospital B" };
        var missing = new List<string>();
        for (var i = 0; i < roles.Length; i++)
        {
            var web3 = Access.Connect(Keys[i]);
            var address = web3.TransactionManager.Account.Address;
            var wei = await web3.Eth.GetBalance.SendRequestAsync(address).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Nethereum.Util.UnitConversion.Convert.FromWei(wei.Value) < minimumEther)
            {
                missing.Add($"{roles[i]} {address} (development key #{i})");
            }
        }

        return missing.Count == 0
            ? null
            : $"the demo needs ≥ {minimumEther} ETH on: {string.Join(", ", missing)}. This node's accounts are not the development keys: "
              + "fund these addresses from a funded account (e.g. cast send ADDRESS --value 10ether), or start the node with the standard "
              + "development mnemonic (Hardhat and Anvil use it by default; Ganache: --wallet.mnemonic \"test test test test test test test test test test test junk\").";
    }

    public async ValueTask DisposeAsync()
    {
        if (_ledger is not null)
        {
            await _ledger.DisposeAsync().ConfigureAwait(false);
        }
    }
}
