using EmrShare.Core;

namespace EmrShare.Web.Api.Center;

/// <summary>What a relay asks the chain to do: grants have a daily cap, revocations never do (a patient can always revoke).</summary>
public enum RelayKind
{
    Grant,
    Revocation,
}

/// <summary>
/// Per-patient quotas of the Center's relay (review S5, threat model W17-5): the relay spends the Center's gas, so one
/// pseudonym may have at most <see cref="PerMinute"/> grants relayed in a UTC minute and <see cref="PerDay"/> in a UTC
/// day, and at most <see cref="PerMinute"/> revocations in a UTC minute on a counter of their own with no daily cap:
/// grants (even a replay flood) can never keep a patient from revoking. The per-client limit in
/// <see cref="PatientRelayApi"/> applies first, and the relay takes a unit only after the patient's signature verified
/// and the chain's state showed the message is new (not already on chain, a registered pseudonym); a unit whose
/// transaction the chain refuses is given back (<see cref="GiveBack"/>), so only relays the chain accepts count.
/// Memory is bounded: past <see cref="MaxPatients"/> pseudonyms the least recently used counter is forgotten, so a new
/// patient is never refused for lack of room.
/// </summary>
public sealed class RelayQuotas(TimeProvider time, int perMinute = RelayQuotas.DefaultPerMinute, int perDay = RelayQuotas.DefaultPerDay, int maxPatients = 100_000)
{
    public const int DefaultPerMinute = 5;
    public const int DefaultPerDay = 50;

    private readonly object _gate = new();
    private readonly Dictionary<ChainAddress, Counter> _counters = [];
    private long _uses;

    public int PerMinute => perMinute;

    public int PerDay => perDay;

    public int MaxPatients => maxPatients;

    /// <summary>How many pseudonyms are counted now (at most <see cref="MaxPatients"/>).</summary>
    public int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _counters.Count;
            }
        }
    }

    /// <summary>Counts one relay of <paramref name="kind"/> for <paramref name="patient"/>: null when allowed, else how long until the next one is.</summary>
    public TimeSpan? TryTake(ChainAddress patient, RelayKind kind)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var (minute, day) = (now / 60, now / 86_400);
        lock (_gate)
        {
            var counter = CounterOf(patient);
            counter.Roll(minute, day);
            if (kind == RelayKind.Revocation)
            {
                if (counter.RevocationsInMinute >= perMinute)
                {
                    return TimeSpan.FromSeconds(((minute + 1) * 60) - now);
                }

                counter.RevocationsInMinute++;
                return null;
            }

            if (counter.InDay >= perDay)
            {
                return TimeSpan.FromSeconds(((day + 1) * 86_400) - now);
            }

            if (counter.InMinute >= perMinute)
            {
                return TimeSpan.FromSeconds(((minute + 1) * 60) - now);
            }

            counter.InDay++;
            counter.InMinute++;
            return null;
        }
    }

    /// <summary>Gives back a unit taken this minute whose transaction the chain refused (a refused relay costs no quota).</summary>
    public void GiveBack(ChainAddress patient, RelayKind kind)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (!_counters.TryGetValue(patient, out var counter))
            {
                return;
            }

            counter.Roll(now / 60, now / 86_400);
            if (kind == RelayKind.Revocation)
            {
                counter.RevocationsInMinute = Math.Max(0, counter.RevocationsInMinute - 1);
                return;
            }

            (counter.InMinute, counter.InDay) = (Math.Max(0, counter.InMinute - 1), Math.Max(0, counter.InDay - 1));
        }
    }

    private Counter CounterOf(ChainAddress patient)
    {
        if (!_counters.TryGetValue(patient, out var counter))
        {
            if (_counters.Count >= maxPatients)
            {
                _counters.Remove(_counters.MinBy(c => c.Value.LastUse).Key);
            }

            counter = new Counter();
            _counters[patient] = counter;
        }

        counter.LastUse = ++_uses;
        return counter;
    }

    private sealed class Counter
    {
        public long LastUse { get; set; }

        public long Minute { get; set; } = -1;

        public int InMinute { get; set; }

        public int RevocationsInMinute { get; set; }

        public long Day { get; set; } = -1;

        public int InDay { get; set; }

        public void Roll(long minute, long day)
        {
            if (Day != day)
            {
                (Day, InDay) = (day, 0);
            }

            if (Minute != minute)
            {
                (Minute, InMinute, RevocationsInMinute) = (minute, 0, 0);
            }
        }
    }
}
