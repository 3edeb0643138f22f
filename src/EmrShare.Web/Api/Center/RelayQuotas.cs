using EmrShare.Core;

namespace EmrShare.Web.Api.Center;

/// <summary>
/// Per-patient quotas of the Center's relay (review S5): the relay spends the Center's gas, so one pseudonym may have
/// at most <see cref="PerMinute"/> grants and revocations relayed in a UTC minute and <see cref="PerDay"/> in a UTC day,
/// whatever address it comes from (the per-client limit in <see cref="PatientRelayApi"/> still applies first).
/// Counted only after the patient's signature verified, so nobody can spend another patient's quota. Memory is
/// bounded: when <see cref="MaxPatients"/> pseudonyms are counted today, a new one is refused until the day turns.
/// </summary>
public sealed class RelayQuotas(TimeProvider time, int perMinute = RelayQuotas.DefaultPerMinute, int perDay = RelayQuotas.DefaultPerDay, int maxPatients = 100_000)
{
    public const int DefaultPerMinute = 5;
    public const int DefaultPerDay = 50;

    private readonly object _gate = new();
    private readonly Dictionary<ChainAddress, Counter> _counters = [];

    public int PerMinute => perMinute;

    public int PerDay => perDay;

    public int MaxPatients => maxPatients;

    /// <summary>Counts one relay for <paramref name="patient"/>: null when allowed, else how long until the next one is.</summary>
    public TimeSpan? TryTake(ChainAddress patient)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var (minute, day) = (now / 60, now / 86_400);
        lock (_gate)
        {
            if (!_counters.TryGetValue(patient, out var counter))
            {
                if (_counters.Count >= maxPatients)
                {
                    foreach (var stale in _counters.Where(c => c.Value.Day != day).Select(c => c.Key).ToList())
                    {
                        _counters.Remove(stale);
                    }

                    if (_counters.Count >= maxPatients)
                    {
                        return TimeSpan.FromSeconds(((day + 1) * 86_400) - now);
                    }
                }

                counter = new Counter();
                _counters[patient] = counter;
            }

            if (counter.Day != day)
            {
                (counter.Day, counter.InDay) = (day, 0);
            }

            if (counter.Minute != minute)
            {
                (counter.Minute, counter.InMinute) = (minute, 0);
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

    private sealed class Counter
    {
        public long Minute { get; set; } = -1;

        public int InMinute { get; set; }

        public long Day { get; set; } = -1;

        public int InDay { get; set; }
    }
}
