using System.Globalization;
using System.Numerics;
using System.Text;
using EmrShare.Ledger;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;
using Nethereum.Util;

namespace EmrShare.Bench;

/// <summary>
/// Pre-signed <c>Records.anchorRecord(recordId, 1, commitment, 0)</c> transactions, one list per hospital
/// (signing is the client's cost, not the chain's, so it happens before timing).
/// </summary>
internal sealed record LedgerBenchmarkWorkload(string Records, IReadOnlyList<IReadOnlyList<byte[]>> PerAccount, int Total)
{
    public static LedgerBenchmarkWorkload Create(string records, int total, int accounts, string salt, int firstNonce = 0)
    {
        EthECKey.SignRecoverable = true;
        var selector = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes("anchorRecord(bytes32,uint32,bytes32,bytes32)"))[..4];
        var versionOne = new byte[32];
        versionOne[31] = 1;
        var perAccount = new List<IReadOnlyList<byte[]>>();
        for (var a = 0; a < accounts; a++)
        {
            var key = LedgerOptions.DevPrivateKeys[a + 1];
            var txs = new List<byte[]>();
            for (var n = 0; n < total / accounts; n++)
            {
                var recordId = Sha3Keccack.Current.CalculateHash(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{salt}-{a}-{n}")));
                var commitment = Sha3Keccack.Current.CalculateHash(recordId);
                txs.Add(Sign(key, firstNonce + n, records, [.. selector, .. recordId, .. versionOne, .. commitment, .. new byte[32]], 150_000));
            }

            perAccount.Add(txs);
        }

        return new LedgerBenchmarkWorkload(records, perAccount, perAccount.Sum(t => t.Count));
    }

    private static byte[] Sign(string key, BigInteger nonce, string to, byte[] data, BigInteger gas)
    {
        var tx = new LegacyTransactionChainId(to, 0, nonce, 2_000_000_000, gas, data.ToHex(true), 31337);
        var signature = new EthECKey(key).SignAndCalculateV(tx.RawHash, 31337);
        tx.SetSignature(new Signature(signature.R, signature.S, signature.V));
        return tx.GetRLPEncoded();
    }
}
