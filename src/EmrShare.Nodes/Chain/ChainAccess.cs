using EmrShare.Chain;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;

namespace EmrShare.Nodes.Chain;

/// <summary>
/// How an actor reaches the chain: a JSON-RPC URL (Hardhat, Besu, the ledger's HTTP server) or an in-process
/// Nethereum client (the embedded ledger). Each actor binds its own key; nothing else is shared.
/// </summary>
public sealed class ChainAccess
{
    private readonly Func<string, IWeb3> _connect;

    private ChainAccess(Func<string, IWeb3> connect, long chainId)
    {
        _connect = connect;
        ChainId = chainId;
    }

    public long ChainId { get; }

    /// <summary>
    /// Over HTTP JSON-RPC; an unreachable node surfaces as <see cref="ChainUnavailableException"/>. Through
    /// <paramref name="http"/> when given (null = a default client): a host passes its peer-trust client so a Center's
    /// <c>https://…/rpc</c> is checked against the consortium CA bundle like any peer.
    /// </summary>
    public static ChainAccess ForRpc(Uri rpcUrl, long chainId, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(rpcUrl);
        // One JSON-RPC client for every key bound here: an RpcClient sets its HttpClient's BaseAddress when it is
        // made, which .NET refuses once that HttpClient has sent a request, so a client per key broke every key
        // bound after the first send (a practitioner's break-glass on a running hospital).
        var client = new ChainUnavailableClient(http is null ? new RpcClient(rpcUrl) : new RpcClient(rpcUrl, http), rpcUrl);
        return new(key => ChainConnection.Connect(client, key, chainId), chainId);
    }

    public static ChainAccess ForClient(IClient client, long chainId) => new(key => ChainConnection.Connect(client, key, chainId), chainId);

    public IWeb3 Connect(string privateKey) => _connect(privateKey);

    public IEmrShareChain Bind(string privateKey, EmrShareAddresses addresses) => new EmrShareChain(Connect(privateKey), addresses);

    /// <summary>
    /// Sends plain ether (the Center funds patients' index accounts so they can anchor their index), through the
    /// same per-account gate and nonce count as contract calls (<see cref="EtherTransfers"/>).
    /// </summary>
    public static Task<ChainReceipt> TransferAsync(IWeb3 from, string to, decimal ether, CancellationToken cancellationToken) =>
        EtherTransfers.SendAsync(from, to, ether, cancellationToken);
}
