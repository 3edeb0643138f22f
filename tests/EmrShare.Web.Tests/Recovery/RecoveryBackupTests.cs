using System.Text.Json;
using EmrShare.Core;
using EmrShare.Core.Identity;
using EmrShare.TestSupport;
using EmrShare.Web.Services;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Recovery;

/// <summary>
/// The server-side wallet's recovery phrase (issue 16 item 12): the re-enter-words confirmation after the phrase is
/// shown once, and the restore path held to the shared known-answer vectors (tests/vectors/wallet-known-answers.json,
/// the same words and pseudonyms the phone wallet and Core are checked against).
/// </summary>
public sealed class RecoveryBackupTests
{
    private static readonly string[] Words = RecoveryPhrase.Encode(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));

    private static JsonElement Recovery()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "vectors", "wallet-known-answers.json")));
        return doc.RootElement.GetProperty("recoveries")[0].Clone();
    }

    [Fact]
    public void Confirm_RightWordsAnyCase_ConfirmedOnceThenClosed()
    {
        var challenges = new RecoveryBackupChallenges(_time);
        var challenge = challenges.Start(Words);
        Assert.Equal(RecoveryBackupChallenges.WordsChecked, challenge.Positions.Distinct().Count());
        Assert.All(challenge.Positions, p => Assert.InRange(p, 1, RecoveryPhrase.WordCount));
        string?[] answers = [.. challenge.Positions.Select(p => "  " + Words[p - 1].ToUpperInvariant() + " ")];

        Assert.Empty(challenges.Confirm(challenge.Id, answers));
        // A confirmed check is gone: replaying the same post confirms nothing.
        Assert.Equal(["challenge"], challenges.Confirm(challenge.Id, answers).Keys);
    }

    [Fact]
    public void Confirm_OneWrongOneMissing_ErrorsNextToThoseFieldsOnlyAndStillOpen()
    {
        var challenges = new RecoveryBackupChallenges(_time);
        var challenge = challenges.Start(Words);
        var (first, second, third) = (challenge.Positions[0], challenge.Positions[1], challenge.Positions[2]);
        var wrong = Words[first - 1] == "abandon" ? "ability" : "abandon";

        var errors = challenges.Confirm(challenge.Id, [wrong, null, Words[third - 1]]);
        Assert.Equal(new[] { $"word-{first}", $"word-{second}" }.Order(), errors.Keys.Order());
        Assert.Contains("does not match", errors[$"word-{first}"][0], StringComparison.Ordinal);
        Assert.Contains($"Enter word {second}", errors[$"word-{second}"][0], StringComparison.Ordinal);

        Assert.Equal(challenge.Positions, challenges.Positions(challenge.Id));
        Assert.Empty(challenges.Confirm(challenge.Id, [.. challenge.Positions.Select(p => Words[p - 1])]));
    }

    [Fact]
    public void Confirm_AfterTenMinutesOrUnknownId_Expired()
    {
        var challenges = new RecoveryBackupChallenges(_time);
        var challenge = challenges.Start(Words);
        _time.Advance(RecoveryBackupChallenges.MaxAge + TimeSpan.FromSeconds(1));
        Assert.Null(challenges.Positions(challenge.Id));
        Assert.Equal(["challenge"], challenges.Confirm(challenge.Id, [.. challenge.Positions.Select(p => Words[p - 1])]).Keys);
        Assert.Equal(["challenge"], challenges.Confirm("not-an-id", ["a", "b", "c"]).Keys);
        Assert.Equal(["challenge"], challenges.Confirm(null, []).Keys);
    }

    [Fact]
    public void Derive_KnownAnswerRecoveryPhrase_SamePseudonymsAndIndexAccountAsTheVectors()
    {
        var vector = Recovery();
        var expected = vector.GetProperty("pseudonyms").EnumerateArray()
            .Select(p => (Hospital: ChainAddress.Parse(p.GetProperty("hospital").GetString()!), Pseudonym: p.GetProperty("pseudonym").GetString()!)).ToList();

        var restored = RecoveryPhraseRestore.Derive(vector.GetProperty("words").GetString()!, expected.Select(e => e.Hospital));

        Assert.Equal(expected.Select(e => e.Pseudonym), restored.Pseudonyms.Select(p => p.Pseudonym.Lower));
        Assert.Equal(vector.GetProperty("index").GetString(), restored.IndexAccount.Lower);
    }

    [Theory]
    [InlineData("abandon abandon abandon", "24 words")]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", "checksum")]
    [InlineData("zzzz abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art", "word 1")]
    public void Derive_BadPhrase_RefusedWithTheReason(string phrase, string reason) =>
        Assert.Contains(reason, Assert.Throws<RecoveryPhraseException>(() => RecoveryPhraseRestore.Derive(phrase, [])).Message, StringComparison.Ordinal);
}
