using NBitcoin.Secp256k1;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// Recovers a signer's address. Nethereum's own recovery goes through BouncyCastle at ~1 ms per signature,
/// which alone would cap the ledger below 1,000 tx/s; this uses OpenSSL's libcrypto where available and
/// otherwise NBitcoin.Secp256k1 (the managed libsecp256k1 port Nethereum ships with). Both give the same address.
/// </summary>
public static class SenderRecovery
{
    /// <summary>Returns the lower-case 0x address, or null when the signature does not recover.</summary>
    public static string? Recover(byte[] hash, byte[] r, byte[] s, int recoveryId)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hash.Length != 32 || recoveryId is < 0 or > 3)
        {
            return null;
        }

        var rWord = LedgerHex.Word(r);
        var sWord = LedgerHex.Word(s);
        byte[] uncompressed;
        if (recoveryId < 2 && OpenSslRecovery.IsAvailable)
        {
            uncompressed = new byte[65];
            if (!OpenSslRecovery.TryRecover(hash, rWord, sWord, recoveryId, uncompressed))
            {
                return null;
            }
        }
        else
        {
            Span<byte> compact = stackalloc byte[64];
            rWord.CopyTo(compact);
            sWord.CopyTo(compact[32..]);
            if (!SecpRecoverableECDSASignature.TryCreateFromCompact(compact, recoveryId, out var signature)
                || !ECPubKey.TryRecover(Context.Instance, signature, hash, out var publicKey))
            {
                return null;
            }

            uncompressed = publicKey.ToBytes(false);
        }

        var digest = Sha3Keccack.Current.CalculateHash(uncompressed.AsSpan(1).ToArray());
        return digest.AsSpan(12).ToArray().ToHex(true);
    }
}
