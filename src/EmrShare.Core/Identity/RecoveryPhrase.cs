using System.Security.Cryptography;
using EmrShare.Core.Errors;

namespace EmrShare.Core.Identity;

/// <summary>
/// The patient's backup: the 32-byte master secret written as 24 words of the BIP-39 English list, exactly as
/// BIP-39 encodes 256 bits of entropy (11 bits a word, the last word carrying the first 8 bits of SHA-256 of
/// the secret as a checksum). Unlike a BIP-39 wallet, the words encode the master secret itself: there is no
/// PBKDF2 seed stretch and no BIP-32 path, because every key is derived from the master secret by
/// <see cref="PseudonymDerivation"/>. The word list is bip39-english.txt (from the npm package bip39 3.1.2,
/// src/wordlists/english.json; SHA-256 of the one-word-a-line file 2f5eed53…dbda, the BIP's own english.txt).
/// </summary>
public static class RecoveryPhrase
{
    public const int WordCount = 24;
    private const int Bits = 11;
    private static readonly Lazy<string[]> List = new(LoadList);
    private static readonly Lazy<Dictionary<string, int>> Index = new(() =>
        List.Value.Select((word, i) => (word, i)).ToDictionary(p => p.word, p => p.i, StringComparer.Ordinal));

    /// <summary>The 2,048 words, in BIP-39 order.</summary>
    public static IReadOnlyList<string> Words => List.Value;

    /// <summary>The 24 words of a master secret.</summary>
    public static string[] Encode(ReadOnlySpan<byte> masterSecret)
    {
        if (masterSecret.Length != PseudonymDerivation.MasterSecretSize)
        {
            throw new RecoveryPhraseException($"a master secret is {PseudonymDerivation.MasterSecretSize} bytes");
        }

        // 256 bits of secret then 8 checksum bits = 264 bits = 24 × 11.
        byte[] bits = [.. masterSecret, SHA256.HashData(masterSecret)[0]];
        try
        {
            var words = new string[WordCount];
            for (var w = 0; w < WordCount; w++)
            {
                var value = 0;
                for (var b = 0; b < Bits; b++)
                {
                    var bit = (w * Bits) + b;
                    value = (value << 1) | ((bits[bit / 8] >> (7 - (bit % 8))) & 1);
                }

                words[w] = List.Value[value];
            }

            return words;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bits);
        }
    }

    /// <summary>
    /// The master secret of a phrase. Case and surrounding or repeated white space are ignored; a wrong word
    /// count, a word not on the list or a failed checksum is a <see cref="RecoveryPhraseException"/>.
    /// </summary>
    public static byte[] Decode(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var words = phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length != WordCount)
        {
            throw new RecoveryPhraseException($"a recovery phrase has {WordCount} words, got {words.Length}");
        }

        var bits = new byte[33];
        try
        {
            for (var w = 0; w < WordCount; w++)
            {
                if (!Index.Value.TryGetValue(words[w].ToLowerInvariant(), out var value))
                {
                    throw new RecoveryPhraseException($"word {w + 1} is not on the recovery word list");
                }

                for (var b = 0; b < Bits; b++)
                {
                    var bit = (w * Bits) + b;
                    bits[bit / 8] |= (byte)(((value >> (Bits - 1 - b)) & 1) << (7 - (bit % 8)));
                }
            }

            var secret = bits[..32];
            if (SHA256.HashData(secret)[0] != bits[32])
            {
                CryptographicOperations.ZeroMemory(secret);
                throw new RecoveryPhraseException("the recovery phrase's checksum does not match (a word is wrong or out of order)");
            }

            return secret;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bits);
        }
    }

    private static string[] LoadList()
    {
        using var stream = typeof(RecoveryPhrase).Assembly.GetManifestResourceStream("EmrShare.Core.Identity.bip39-english.txt")
            ?? throw new InvalidOperationException("the BIP-39 word list is not embedded in EmrShare.Core");
        using var reader = new StreamReader(stream);
        var words = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2048 ? words : throw new InvalidOperationException("the BIP-39 word list must have 2,048 words");
    }
}

/// <summary>A recovery phrase that does not decode: wrong length, unknown word, or failed checksum.</summary>
[ErrorKind(ErrorKind.Invalid)]
public class RecoveryPhraseException : EmrShareSecurityException
{
    public RecoveryPhraseException() { }
    public RecoveryPhraseException(string message) : base(message) { }
    public RecoveryPhraseException(string message, Exception inner) : base(message, inner) { }
}
