using System.Security.Cryptography;

namespace EmrShare.Core.Handshake;

/// <summary>
/// The desk's check-in challenge as the patient's phone binds it into the handshake (protocol version 2): the
/// random challenge from the desk's QR and the issue time printed with it (Unix seconds).
/// </summary>
public sealed record DeskChallenge(Hash32 Challenge, long Issued);

/// <summary>
/// The challenges one hospital's desk has shown (its check-in QR codes). A handshake that carries one must name a
/// challenge issued here, with the same issue time, at most <see cref="MaxAge"/> old, and not used before: it is
/// checked when message 1 arrives and spent when the patient's message 3 authenticates, so a bystander who photographs
/// the QR cannot use it up without the patient's key, and a finished check-in cannot be replayed with it. Memory is
/// bounded: when full, the oldest unused challenge is forgotten (its QR then stops working; the desk shows a new one).
/// </summary>
public sealed class DeskChallenges : IDeskChallengeStore
{
    private readonly object _gate = new();
    private readonly Dictionary<Hash32, long> _issued = [];
    private readonly Queue<Hash32> _order = new();
    private readonly int _capacity;
    private readonly TimeProvider _time;

    public DeskChallenges(TimeProvider time, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _time = time;
        _capacity = capacity;
    }

    /// <summary>A desk code is for now, at the desk: the same limit the wallet applies before it starts.</summary>
    public static TimeSpan MaxAge { get; } = TimeSpan.FromMinutes(15);

    /// <summary>The replay refusal every store raises for an unknown, expired or spent challenge.</summary>
    public static HandshakeReplayException NotUsable() =>
        new("this check-in code was not issued by this hospital's desk, has expired, or was already used; ask the desk for a fresh one");

    /// <summary>The refusal for a challenge issued here whose issue time in the code differs from the desk's.</summary>
    public static HandshakeStateException IssueTimeMismatch() => new("the check-in code's issue time does not match the desk's");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _issued.Count;
            }
        }
    }

    /// <summary>A fresh challenge for the desk's QR, remembered with its issue time.</summary>
    public DeskChallenge Issue()
    {
        var challenge = new DeskChallenge(Hash32.FromBytes(RandomNumberGenerator.GetBytes(32)), _time.GetUtcNow().ToUnixTimeSeconds());
        lock (_gate)
        {
            Purge();
            while (_issued.Count >= _capacity && _order.TryDequeue(out var oldest))
            {
                _issued.Remove(oldest);
            }

            _issued[challenge.Challenge] = challenge.Issued;
            _order.Enqueue(challenge.Challenge);
        }

        return challenge;
    }

    /// <summary>
    /// Checks without spending. Unknown, older than <see cref="MaxAge"/> or already spent → <see cref="HandshakeReplayException"/>;
    /// issued here but with another issue time → <see cref="HandshakeStateException"/>.
    /// </summary>
    public void Check(DeskChallenge desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        lock (_gate)
        {
            Find(desk);
        }
    }

    /// <summary>Spends the challenge once: a second use is a <see cref="HandshakeReplayException"/>.</summary>
    public void Spend(DeskChallenge desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        lock (_gate)
        {
            Find(desk);
            _issued.Remove(desk.Challenge);
        }
    }

    private void Find(DeskChallenge desk)
    {
        Purge();
        if (!_issued.TryGetValue(desk.Challenge, out var issued))
        {
            throw NotUsable();
        }

        if (issued != desk.Issued)
        {
            throw IssueTimeMismatch();
        }
    }

    /// <summary>Forgets challenges older than <see cref="MaxAge"/> (the queue is in issue order).</summary>
    private void Purge()
    {
        var oldestValid = (_time.GetUtcNow() - MaxAge).ToUnixTimeSeconds();
        while (_order.TryPeek(out var first) && (!_issued.TryGetValue(first, out var issued) || issued < oldestValid))
        {
            _order.Dequeue();
            _issued.Remove(first);
        }
    }
}
