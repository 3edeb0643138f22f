using System.Numerics;
using Nethereum.JsonRpc.Client;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace EmrShare.Chain;

/// <summary>
/// Creates the Nethereum <see cref="IWeb3"/> a node uses to send as one account. Nonces are counted in memory
/// (<see cref="LocalNonceService"/>, one count per account and JSON-RPC client, however many times the key is
/// bound) so concurrent sends from the same account (a hospital anchoring while it fulfils a request) do not pick
/// the same nonce; <see cref="AccountSubmission"/> re-reads the count when a send fails or the node refuses it.
/// EIP-1559 fee suggestions are reused for a second (<see cref="CachedFeeSuggestion"/>), timed by
/// <c>time</c> (the system clock when not given).
/// </summary>
public static class ChainConnection
{
    /// <summary>Any Ethereum JSON-RPC endpoint over HTTP (Hardhat, the embedded ledger's server, Besu, ...).</summary>
    public static IWeb3 Connect(Uri rpcUrl, string privateKey, long chainId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(rpcUrl);
        EnsureSignable(privateKey);
        var account = new Account(privateKey, new BigInteger(chainId));
        var web3 = new Web3(account, rpcUrl.ToString());
        account.NonceService = LocalNonceService.For(web3.Client, account.Address);
        return WithCachedFees(web3, time);
    }

    /// <summary>Any Nethereum client, e.g. an in-process client of the embedded ledger.</summary>
    public static IWeb3 Connect(IClient client, string privateKey, long chainId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        EnsureSignable(privateKey);
        var account = new Account(privateKey, new BigInteger(chainId));
        account.NonceService = LocalNonceService.For(client, account.Address);
        return WithCachedFees(new Web3(account, client), time);
    }

    /// <summary>Fee suggestions reused for a second (<see cref="CachedFeeSuggestion"/>).</summary>
    private static Web3 WithCachedFees(Web3 web3, TimeProvider? time)
    {
        var manager = web3.TransactionManager;
        if (manager.Fee1559SuggestionStrategy is { } strategy)
        {
            manager.Fee1559SuggestionStrategy = new CachedFeeSuggestion(strategy, time ?? TimeProvider.System, CachedFeeSuggestion.Lifetime);
        }
        return web3;
    }

    /// <summary>
    /// Nethereum 6.1's transaction signer throws deep inside a send for a key whose first byte is zero (it hands
    /// libsecp256k1 the 31-byte minimal scalar); refuse such a key up front with a clear message instead.
    /// EmrShare generates and derives account keys without a zero first byte (docs/interfaces.md).
    /// </summary>
    private static void EnsureSignable(string privateKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKey);
        var hex = privateKey.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? privateKey[2..] : privateKey;
        if (hex.Length == 64 && hex.StartsWith("00", StringComparison.Ordinal))
        {
            throw new ArgumentException("this account key starts with a zero byte, which the Ethereum client library cannot sign transactions with; use a key with a non-zero first byte", nameof(privateKey));
        }
    }
}
