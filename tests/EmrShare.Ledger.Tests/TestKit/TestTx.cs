using System.Numerics;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Model;
using Nethereum.Signer;

namespace EmrShare.Ledger.Tests.TestKit;

/// <summary>Signs raw transactions the way wallets do (EIP-155 legacy and EIP-1559), plus deliberately broken variants.</summary>
internal static class TestTx
{
    public static readonly BigInteger SecpN = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337", System.Globalization.CultureInfo.InvariantCulture);

    public static byte[] Legacy(string key, BigInteger chainId, BigInteger nonce, string? to, byte[] data, BigInteger gas, BigInteger? gasPrice = null, BigInteger? value = null)
    {
        var tx = new LegacyTransactionChainId(to ?? string.Empty, value ?? 0, nonce, gasPrice ?? 2_000_000_000, gas, data.ToHex(true), chainId);
        var signature = new EthECKey(key).SignAndCalculateV(tx.RawHash, chainId);
        tx.SetSignature(new Signature(signature.R, signature.S, signature.V));
        return tx.GetRLPEncoded();
    }

    public static byte[] Eip1559(string key, BigInteger chainId, BigInteger nonce, string? to, byte[] data, BigInteger gas, BigInteger? maxFee = null, BigInteger? tip = null, BigInteger? value = null)
    {
        var tx = new Transaction1559(chainId, nonce, tip ?? 1_000_000_000, maxFee ?? 3_000_000_000, gas, to, value ?? 0, data.ToHex(true), []);
        return new Transaction1559Signer().SignTransaction(key, tx).HexToByteArray();
    }

    /// <summary>A legacy transaction whose s is replaced by n − s (the malleable "high-s" twin, v flipped to stay recoverable).</summary>
    public static byte[] LegacyHighS(string key, BigInteger chainId, BigInteger nonce, string to)
    {
        var tx = new LegacyTransactionChainId(to, 1, nonce, 2_000_000_000, 21_000, "0x", chainId);
        var signature = new EthECKey(key).SignAndCalculateV(tx.RawHash, chainId);
        var s = new BigInteger(signature.S, isUnsigned: true, isBigEndian: true);
        var highS = (SecpN - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var v = new BigInteger(signature.V, isUnsigned: true, isBigEndian: true);
        var flipped = (v % 2 == 0 ? v - 1 : v + 1).ToByteArray(isUnsigned: true, isBigEndian: true);
        tx.SetSignature(new Signature(signature.R, highS, flipped));
        return tx.GetRLPEncoded();
    }

    public static string Address(string key) => new EthECKey(key).GetPublicAddress().ToLowerInvariant();
}
