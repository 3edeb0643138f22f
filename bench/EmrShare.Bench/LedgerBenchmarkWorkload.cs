using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using EmrShare.Ledger;
using EmrShare.TestSupport;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;
using Nethereum.Util;

namespace EmrShare.Bench;

/// <summary>
/// Pre-signed anchoring transactions (signing is the client's cost, not the chain's, so it is done before
/// timing). Uses the LedgerProbe test contract's anchor(id, commitment): three fresh SSTOREs and one event,
/// the same work as Records.anchorRecord without the registry set-up.
/// </summary>
internal sealed record LedgerBenchmarkWorkload(byte[] Deploy, string Contract, IReadOnlyList<IReadOnlyList<byte[]>> PerAccount, int Total)
{
    public static LedgerBenchmarkWorkload Create(int total, int accounts)
    {
        EthECKey.SignRecoverable = true;
        var artifact = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "EmrShare.Ledger.Tests", "Contracts", "LedgerProbe.json")))!;
        var bytecode = artifact["bytecode"]!.GetValue<string>();
        var deployer = LedgerOptions.DevPrivateKeys[0];
        var deploy = Sign(deployer, 0, null, bytecode.HexToByteArray(), 3_000_000);
        var contract = ContractUtils.CalculateContractAddress(new EthECKey(deployer).GetPublicAddress(), 0).ToLowerInvariant();
        var selector = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes("anchor(bytes32,bytes32)"))[..4];
        var perAccount = new List<IReadOnlyList<byte[]>>();
        for (var a = 0; a < accounts; a++)
        {
            var key = LedgerOptions.DevPrivateKeys[a + 1];
            var txs = new List<byte[]>();
            for (var n = 0; n < total / accounts; n++)
            {
                var id = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"bench-{a}-{n}")));
                var commitment = Sha3Keccack.Current.CalculateHash(id);
                txs.Add(Sign(key, n, contract, [.. selector, .. id, .. commitment], 150_000));
            }

            perAccount.Add(txs);
        }

        return new LedgerBenchmarkWorkload(deploy, contract, perAccount, perAccount.Sum(t => t.Count));
    }

    private static byte[] Sign(string key, BigInteger nonce, string? to, byte[] data, BigInteger gas)
    {
        var tx = new LegacyTransactionChainId(to ?? string.Empty, 0, nonce, 2_000_000_000, gas, data.ToHex(true), 31337);
        var signature = new EthECKey(key).SignAndCalculateV(tx.RawHash, 31337);
        tx.SetSignature(new Signature(signature.R, signature.S, signature.V));
        return tx.GetRLPEncoded();
    }
}
