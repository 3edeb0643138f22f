using System.Security.Cryptography;
using EmrShare.Core.Identity;
using EmrShare.Wallet.KnownAnswers;

namespace EmrShare.Core.Tests.KnownAnswer;

/// <summary>
/// The vectors the wallet checks in the browser (tests/vectors/wallet-known-answers.json), checked here on the
/// server runtime with the same runner: recovery phrase, pseudonyms, envelope decryption, ECIES unwrap and EIP-712
/// grant and revocation signatures, refusals included. The browser half is WalletKnownAnswerBrowserTests.
/// </summary>
public sealed class WalletKnownAnswerTests
{
    private static readonly string VectorsPath = Path.Combine(AppContext.BaseDirectory, "vectors", "wallet-known-answers.json");

    [Fact]
    public void Run_SharedVectors_EveryValueMatches()
    {
        var results = KnownAnswerRunner.Run(File.ReadAllText(VectorsPath));
        Assert.True(results.Count >= 39, $"expected the whole vector file to run, got {results.Count} results");
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Name}: expected {r.Expected}, got {r.Actual}"));
        Assert.Contains(results, r => r.Expected.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_RecoveryVectors_PhraseRestoresSecretPseudonymsAndIndex()
    {
        var recoveries = KnownAnswerRunner.Run(File.ReadAllText(VectorsPath)).Where(r => r.Name.StartsWith("recovery/", StringComparison.Ordinal)).ToList();

        Assert.Contains(recoveries, r => r.Name.EndsWith("/master-secret", StringComparison.Ordinal));
        Assert.Contains(recoveries, r => r.Name.Contains("/pseudonym/", StringComparison.Ordinal));
        Assert.Contains(recoveries, r => r.Name.EndsWith("/index", StringComparison.Ordinal));
        Assert.All(recoveries, r => Assert.True(r.Passed, $"{r.Name}: expected {r.Expected}, got {r.Actual}"));
    }

    [Fact]
    public void Run_RecoveryVectorWithAnotherPseudonym_IsReported()
    {
        var json = File.ReadAllText(VectorsPath);
        var recoveries = json[json.IndexOf("\"recoveries\"", StringComparison.Ordinal)..];
        var expected = recoveries[(recoveries.IndexOf("\"pseudonym\": \"0x", StringComparison.Ordinal) + 14)..][..42];
        var results = KnownAnswerRunner.Run(json.Replace(expected, "0x" + new string('0', 40), StringComparison.Ordinal));
        Assert.Contains(results, r => r.Name.StartsWith("recovery/", StringComparison.Ordinal) && r.Name.Contains("/pseudonym/", StringComparison.Ordinal) && !r.Passed);
    }

    [Fact]
    public void Run_OneFlippedExpectedByte_IsReported()
    {
        var json = File.ReadAllText(VectorsPath);
        var results = KnownAnswerRunner.Run(json.Replace("\"revokeSignature\": \"0x", "\"revokeSignature\": \"0xff", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Name.EndsWith("/revoke-signature", StringComparison.Ordinal) && !r.Passed);
    }

    [Fact]
    public void RecoveryPhrase_RandomSecrets_RoundTrip()
    {
        for (var i = 0; i < 50; i++)
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            var words = RecoveryPhrase.Encode(secret);
            Assert.Equal(24, words.Length);
            Assert.Equal(secret, RecoveryPhrase.Decode("  " + string.Join("  ", words).ToUpperInvariant() + "\n"));
        }
    }

    [Fact]
    public void RecoveryPhrase_SwappedWords_FailsTheChecksumOrDecodesElsewhere()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var words = RecoveryPhrase.Encode(secret);
        (words[3], words[17]) = (words[17], words[3]);
        if (words[3] == words[17])
        {
            return;
        }

        // 8 checksum bits: a swap is caught with probability 255/256; when it is not, it must not give the same secret.
        try
        {
            Assert.NotEqual(secret, RecoveryPhrase.Decode(string.Join(' ', words)));
        }
        catch (RecoveryPhraseException)
        {
        }
    }
}
