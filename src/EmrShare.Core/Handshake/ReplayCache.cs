namespace EmrShare.Core.Handshake;

/// <summary>
/// Remembers handshake nonces for as long as their timestamp is acceptable (timestamp + window); older
/// messages are refused by the timestamp check, so forgetting them then is safe. Memory is bounded: when
/// full of live entries the cache refuses new handshakes (fail closed) rather than forget a live nonce.
/// </summary>
public sealed class ReplayCache
{
    private readonly object _gate = new();
    private readonly Dictionary<Hash32, DateTimeOffset> _expiries = [];
    private readonly PriorityQueue<Hash32, DateTimeOffset> _byExpiry = new();
    private readonly int _capacity;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    public ReplayCache(int capacity, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentNullException.ThrowIfNull(time);
        _capacity = capacity;
        _window = window;
        _time = time;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

    /// <summary>Accepts a (nonce, timestamp) once: stale → <see cref="HandshakeStaleException"/>, seen → <see cref="HandshakeReplayException"/>.</summary>
    public void Register(Hash32 nonce, long unixTimestamp)
    {
        var now = _time.GetUtcNow();
        HandshakeTranscript.CheckTimestamp(unixTimestamp, now, _window);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(unixTimestamp) + _window;
        lock (_gate)
        {
            Purge(now);
            if (_expiries.ContainsKey(nonce))
            {
                throw new HandshakeReplayException("this handshake nonce was already used");
            }

            if (_expiries.Count >= _capacity)
            {
                throw new ReplayCacheFullException("too many handshakes in flight; try again shortly");
            }

            _expiries[nonce] = expiry;
            _byExpiry.Enqueue(nonce, expiry);
        }
    }

    private void Purge(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var nonce, out var expiry) && expiry < now)
        {
            _byExpiry.Dequeue();
            _expiries.Remove(nonce);
        }
    }
}
