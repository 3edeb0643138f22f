using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;
using Secp256k1Net;

namespace EmrShare.Ledger.Transactions;

/// <summary>
/// secp256k1 for the ledger's hot path, through the native libsecp256k1 that Secp256k1.Net ships for linux-x64
/// (and the other common platforms): sender recovery for every transaction and the sealer's signature for every
/// block. Measured on this machine ~7× faster than NBitcoin.Secp256k1's managed port (recover ~36 µs, sign ~15 µs
/// quiet) and byte-identical: both sign with RFC 6979 nonces and low s (property-tested against Nethereum).
/// </summary>
public static class SenderRecovery
{
    private static volatile bool s_selfTested;

    /// <summary>Returns the lower-case 0x address, or null when the signature does not recover.</summary>
    public static string? Recover(byte[] hash, byte[] r, byte[] s, int recoveryId)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(s);
        if (hash.Length != 32 || recoveryId is < 0 or > 3 || r.Length > 32 || s.Length > 32)
        {
            return null;
        }

        var compact = new byte[64];
        LedgerHex.Word(r).CopyTo(compact, 0);
        LedgerHex.Word(s).CopyTo(compact, 32);
        byte[] uncompressed;
        try
        {
            uncompressed = Secp256k1.RecoverPublicKey(compact, (byte)recoveryId, hash, compressed: false);
        }
        catch (ArgumentException)
        {
            // r or s zero or ≥ n, or no curve point for this r and recovery id.
            return null;
        }

        var digest = Sha3Keccack.Current.CalculateHash(uncompressed.AsSpan(1).ToArray());
        return digest.AsSpan(12).ToArray().ToHex(true);
    }

    /// <summary>
    /// A recoverable signature of a 32-byte hash: (r ‖ s, recovery id 0 or 1), low s, RFC 6979 nonce. A key shorter
    /// than 32 bytes (Nethereum's <c>GetPrivateKeyAsBytes</c> drops leading zero bytes, ~1 key in 256) is
    /// left-padded: the native library accepts only exactly 32 bytes.
    /// </summary>
    public static (byte[] Compact, byte RecoveryId) Sign(byte[] hash, byte[] privateKey)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(privateKey);
        var (signature, recoveryId) = Secp256k1.SignRecoverable(hash, PrivateKeyWord(privateKey));
        return (signature, (byte)recoveryId);
    }

    /// <summary>
    /// Signs and recovers a fixed message with a fixed key (one with a leading zero byte), so a missing or broken
    /// native library stops the ledger at start-up with a clear error instead of failing every later seal.
    /// </summary>
    public static void SelfTest()
    {
        if (s_selfTested)
        {
            return;
        }

        var key = new byte[32];
        key[1] = 0x01;
        key[31] = 0x07;
        var hash = Sha3Keccack.Current.CalculateHash("emrshare secp256k1 self-test"u8.ToArray());
        var expected = new Nethereum.Signer.EthECKey(key, true).GetPublicAddress().ToLowerInvariant();
        string? recovered;
        try
        {
            var (signature, recoveryId) = Sign(hash, key.AsSpan(1).ToArray());
            recovered = Recover(hash, signature[..32], signature[32..], recoveryId);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or ArgumentException)
        {
            throw new LedgerConfigurationException($"the native secp256k1 library (Secp256k1.Net) cannot sign or recover on this platform: {ex.Message}", ex);
        }

        if (recovered != expected)
        {
            throw new LedgerConfigurationException($"the native secp256k1 library failed its self-test: recovered {recovered ?? "nothing"}, expected {expected}");
        }

        s_selfTested = true;
    }

    private static byte[] PrivateKeyWord(byte[] privateKey)
    {
        if (privateKey.Length == 32)
        {
            return privateKey;
        }

        if (privateKey.Length is 0 or > 32)
        {
            throw new ArgumentException($"a secp256k1 private key has at most 32 bytes, not {privateKey.Length}", nameof(privateKey));
        }

        var word = new byte[32];
        privateKey.CopyTo(word, 32 - privateKey.Length);
        return word;
    }
}
