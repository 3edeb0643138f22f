using EmrShare.Core.IO;
using System.Numerics;
using EmrShare.Core;
using EmrShare.Core.Crypto;
using EmrShare.Ledger;
using EmrShare.Ledger.Transactions;
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

    /// <summary>
    /// The options; once the deployed <paramref name="registry"/> is known, only its members (active hospitals,
    /// active practitioners, patient pseudonyms and index accounts) and the Center may send transactions.
    /// </summary>
    public static LedgerOptions Options(string dataDirectory, long chainId, EthECKey centerKey, string? registry = null)
    {
        ArgumentNullException.ThrowIfNull(centerKey);
        var options = LedgerOptions.ForNode(Path.Combine(dataDirectory, "ledger"), chainId, 0, HexBytes.ToHex(centerKey.ToBytes32())) with
        {
            Accounts = [new GenesisAccount(centerKey.Address().Lower, GenesisFunds)],
            SenderPermission = registry is null ? null : RegistryMembers(registry),
        };
        PrivateFiles.PrepareDatabase(options.DatabasePath!); // the ledger project writes no owner-only files itself
        return options;
    }

    /// <summary>Account permissioning backed by the Registry's views, like Besu's account allowlist but kept on chain.</summary>
    public static ISenderPermission RegistryMembers(string registry) => new ContractViewPermission(
    [
        new MembershipView(() => registry, Selector("isActiveHospital(address)")),
        new MembershipView(() => registry, Selector("practitionerOf(address)"), Word: 1),
        new MembershipView(() => registry, Selector("isPatientPseudonym(address)")),
    ]);

    private static byte[] Selector(string signature) =>
        Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.ASCII.GetBytes(signature))[..4];
}
