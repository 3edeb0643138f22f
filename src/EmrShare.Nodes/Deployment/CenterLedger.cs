using EmrShare.Core.IO;
using System.Numerics;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Ledger;
using Nethereum.Signer;

namespace EmrShare.Nodes.Deployment;

/// <summary>
/// The embedded chain a Center runs when no external JSON-RPC node is given: sealed by the Center key, whose
/// account alone is funded at genesis (it funds hospitals and patients' index accounts). Same options on every
/// start, so the persisted chain and its genesis always agree.
/// </summary>
public static class CenterLedger
{
    /// <summary>10⁹ ether for the Center to hand out as gas; the chain has no other money.</summary>
    public static readonly BigInteger GenesisFunds = BigInteger.Pow(10, 27);

    public static LedgerOptions Options(string dataDirectory, long chainId, EthECKey centerKey)
    {
        ArgumentNullException.ThrowIfNull(centerKey);
        var options = LedgerOptions.ForNode(Path.Combine(dataDirectory, "ledger"), chainId, 0, HexBytes.ToHex(centerKey.ToBytes32())) with
        {
            Accounts = [new GenesisAccount(centerKey.Address().Lower, GenesisFunds)],
        };
        PrivateFiles.PrepareDatabase(options.DatabasePath!); // the ledger project writes no owner-only files itself
        return options;
    }
}
