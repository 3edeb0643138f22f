using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace EmrShare.Web.Services;

/// <summary>
/// The "re-enter these words" check after the server-side wallet showed its recovery phrase (issue 16 item 12). The
/// phrase is rendered in one response only; what the confirmation needs is kept here, in memory, for
/// <see cref="MaxAge"/>: the asked positions and a SHA-256 of each expected word (never the phrase), under a random id
/// the page posts back. A confirmed or expired challenge is gone.
/// </summary>
public sealed class RecoveryBackupChallenges(TimeProvider time)
{
    public const int WordsChecked = 3;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private const int MaxOpen = 64;

    private readonly ConcurrentDictionary<string, Challenge> _open = new(StringComparer.Ordinal);

    /// <summary>Opens a check of <see cref="WordsChecked"/> random positions (1-based, ascending) of <paramref name="words"/>.</summary>
    public BackupChallenge Start(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        Sweep();
        var positions = Enumerable.Range(1, words.Count).OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(WordsChecked).Order().ToArray();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _open[id] = new Challenge(positions, [.. positions.Select(p => Hash(words[p - 1]))], time.GetUtcNow());
        return new BackupChallenge(id, positions);
    }

    /// <summary>The positions asked under <paramref name="id"/>, or null when it is unknown or expired.</summary>
    public IReadOnlyList<int>? Positions(string? id) => Find(id)?.Positions;

    /// <summary>
    /// Checks the answers (in the order of <see cref="Positions"/>; case and surrounding space ignored). Returns the
    /// errors by form field (<c>word-N</c>, or <c>challenge</c> when the check expired); empty means confirmed, and the
    /// challenge is closed.
    /// </summary>
    public IReadOnlyDictionary<string, string[]> Confirm(string? id, IReadOnlyList<string?> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (Find(id) is not { } challenge)
        {
            return new Dictionary<string, string[]> { ["challenge"] = ["This check has expired. Unlock the phrase again to start a new one."] };
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < challenge.Positions.Length; i++)
        {
            var answer = i < answers.Count ? answers[i] : null;
            if (string.IsNullOrWhiteSpace(answer))
            {
                errors[$"word-{challenge.Positions[i]}"] = [$"Enter word {challenge.Positions[i]} of your phrase."];
            }
            else if (!CryptographicOperations.FixedTimeEquals(Hash(answer), challenge.WordHashes[i]))
            {
                errors[$"word-{challenge.Positions[i]}"] = [$"Word {challenge.Positions[i]} does not match. Check what you wrote down."];
            }
        }

        if (errors.Count == 0)
        {
            _open.TryRemove(id!, out _);
        }

        return errors;
    }

    private Challenge? Find(string? id) =>
        id is not null && _open.TryGetValue(id, out var c) && time.GetUtcNow() - c.Created <= MaxAge ? c : null;

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, c) in _open)
        {
            if (now - c.Created > MaxAge)
            {
                _open.TryRemove(key, out _);
            }
        }

        // A flood of unlocks (each one costs the caller a KDF run) cannot grow this without bound.
        foreach (var key in _open.OrderBy(p => p.Value.Created).Take(Math.Max(0, _open.Count - MaxOpen + 1)).Select(p => p.Key))
        {
            _open.TryRemove(key, out _);
        }
    }

    private static byte[] Hash(string word) => SHA256.HashData(Encoding.UTF8.GetBytes(word.Trim().ToLowerInvariant()));

    private sealed record Challenge(int[] Positions, byte[][] WordHashes, DateTimeOffset Created);
}

/// <summary>An open confirmation: its id (posted back by the page) and the 1-based word positions asked.</summary>
public sealed record BackupChallenge(string Id, IReadOnlyList<int> Positions);
