using System.Collections.Concurrent;

namespace EmrShare.Storage.Api.Access;

/// <summary>Fixed one-minute window per client key; a client over its budget is refused (429) until the window turns.</summary>
internal sealed class ClientRateLimiter(int perMinute, TimeProvider time)
{
    private const int MaxTrackedClients = 10_000;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public bool TryAcquire(string client)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        if (_windows.Count > MaxTrackedClients)
        {
            // Many distinct clients (spoofed accounts cost nothing before authorization): forget old windows.
            foreach (var stale in _windows.Where(w => w.Value.Minute != minute).Select(w => w.Key).ToList())
            {
                _windows.TryRemove(stale, out _);
            }
        }

        var window = _windows.AddOrUpdate(client, _ => new Window(minute, 1), (_, w) => w.Minute == minute ? w with { Count = w.Count + 1 } : new Window(minute, 1));
        return window.Count <= perMinute;
    }

    private sealed record Window(long Minute, int Count);
}
