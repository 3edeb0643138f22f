using EmrShare.Core;
using EmrShare.Core.Handshake;

namespace EmrShare.Nodes.Hospital;

/// <summary>Where a desk check-in stands: waiting for the clerk, confirmed (bound to a chart) or rejected.</summary>
public enum DeskCheckInState
{
    Pending,
    Confirmed,
    Rejected,
}

/// <summary>What the desk page shows about one of its codes once a phone has used it (never the confirmation digits).</summary>
public sealed record DeskCheckInView(Hash32 Challenge, DeskCheckInState State, string? LocalPatientId, DateTimeOffset At);

/// <summary>
/// Desk check-ins (handshake version 2) whose code was spent, keyed by the desk challenge and by session: a pending one
/// holds the authenticated session until the clerk types the phone's confirmation digits. Nothing here is bound to a
/// chart; <see cref="HospitalService.ConfirmDeskCheckInAsync"/> does that. Bounded: entries are dropped after
/// <see cref="DeskChallenges.MaxAge"/> plus an hour, oldest first when full.
/// </summary>
internal sealed class DeskCheckIns(TimeProvider time, int capacity = 10_000)
{
    /// <summary>Wrong confirmations before the check-in is rejected (the clerk asks the patient to scan a new code).</summary>
    public const int MaxWrongConfirmations = 3;

    private readonly object _gate = new();
    private readonly Dictionary<Hash32, Entry> _byChallenge = [];
    private readonly Dictionary<Hash32, Entry> _bySession = [];

    public void Hold(SecureSession session, Pseudonym patient, byte[] publicKey)
    {
        var entry = new Entry(session, patient, publicKey, time.GetUtcNow());
        lock (_gate)
        {
            Purge();
            while (_byChallenge.Count >= capacity && _byChallenge.Values.MinBy(e => e.At) is { } oldest)
            {
                Remove(oldest);
            }

            // One per code: DeskChallenges spends a code once, so a second hold for it cannot happen.
            _byChallenge.Add(session.Desk!.Challenge, entry);
            _bySession.Add(session.SessionId, entry);
        }
    }

    public DeskCheckInView? View(Hash32 challenge)
    {
        lock (_gate)
        {
            Purge();
            return _byChallenge.TryGetValue(challenge, out var e) ? e.View() : null;
        }
    }

    /// <summary>The entry of a code in the given state, or a typed refusal naming where it stands.</summary>
    public Entry Find(Hash32 challenge)
    {
        lock (_gate)
        {
            Purge();
            return _byChallenge.TryGetValue(challenge, out var entry)
                ? entry
                : throw new UnknownEntityException("no phone has checked in with this desk code (or it expired)");
        }
    }

    public Entry? FindSession(Hash32 sessionId)
    {
        lock (_gate)
        {
            Purge();
            return _bySession.GetValueOrDefault(sessionId);
        }
    }

    /// <summary>Closes every session not handed to a visit (the node is stopping).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            foreach (var entry in _byChallenge.Values.ToList())
            {
                Remove(entry);
            }
        }
    }

    private void Remove(Entry entry)
    {
        _byChallenge.Remove(entry.Session.Desk!.Challenge);
        _bySession.Remove(entry.Session.SessionId);
        if (entry.State != DeskCheckInState.Confirmed)
        {
            entry.Session.Dispose();
        }
    }

    private void Purge()
    {
        var oldest = time.GetUtcNow() - DeskChallenges.MaxAge - TimeSpan.FromHours(1);
        foreach (var stale in _byChallenge.Values.Where(e => e.At < oldest).ToList())
        {
            Remove(stale);
        }
    }

    /// <summary>One used desk code. Its state changes only under its own lock (<see cref="Gate"/>).</summary>
    internal sealed class Entry(SecureSession session, Pseudonym patient, byte[] publicKey, DateTimeOffset at)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SecureSession Session { get; } = session;

        public Pseudonym Patient { get; } = patient;

        public byte[] PublicKey { get; } = publicKey;

        public DateTimeOffset At { get; } = at;

        public DeskCheckInState State { get; set; }

        public string? LocalPatientId { get; set; }

        public int WrongConfirmations { get; set; }

        public DeskCheckInView View() => new(Session.Desk!.Challenge, State, LocalPatientId, At);
    }
}
