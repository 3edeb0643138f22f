using System.Numerics;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Chain;

/// <summary>
/// Creates the Nethereum <see cref="IWeb3"/> a node uses to send as one account. Nonces are tracked in memory
/// so concurrent sends from the same account (a hospital anchoring while it fulfils a request) do not pick the
/// same nonce; <see cref="ContractClient"/> resets the tracker when a send fails.
/// </summary>
public static class ChainConnection
{
    /// <summary>Any Ethereum JSON-RPC endpoint over HTTP (Hardhat, the embedded ledger's server, Besu, ...).</summary>
    public static IWeb3 Connect(Uri rpcUrl, string privateKey, long chainId)
    {
        ArgumentNullException.ThrowIfNull(rpcUrl);
        var account = new Account(privateKey, new BigInteger(chainId));
        var web3 = new Web3(account, rpcUrl.ToString());
        account.NonceService = new InMemoryNonceService(account.Address, web3.Client);
        return web3;
    }

    /// <summary>Any Nethereum client, e.g. an in-process client of the embedded ledger.</summary>
    public static IWeb3 Connect(IClient client, string privateKey, long chainId)
    {
        ArgumentNullException.ThrowIfNull(client);
        var account = new Account(privateKey, new BigInteger(chainId));
        account.NonceService = new InMemoryNonceService(account.Address, client);
        return new Web3(account, client);
    }
}
