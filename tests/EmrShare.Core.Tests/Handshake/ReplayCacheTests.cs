using System.Security.Cryptography;
using EmrShare.Core.Handshake;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Core.Tests.Handshake;

public sealed class ReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static Hash32 Nonce() => Hash32.FromBytes(RandomNumberGenerator.GetBytes(32));

    private long Now => _time.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public void Register_SameNonceTwice_ThrowsReplay()
    {
        var cache = new ReplayCache(10, TimeSpan.FromMinutes(2), _time);
        var nonce = Nonce();
        cache.Register(nonce, Now);
        Assert.Throws<HandshakeReplayException>(() => cache.Register(nonce, Now));
    }

    [Fact]
    public void Register_Full_FailsClosedUntilEntriesExpire()
    {
        var cache = new ReplayCache(3, TimeSpan.FromMinutes(2), _time);
        for (var i = 0; i < 3; i++)
        {
            cache.Register(Nonce(), Now);
        }

        Assert.Throws<ReplayCacheFullException>(() => cache.Register(Nonce(), Now));
        _time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        cache.Register(Nonce(), Now);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Register_ExpiredNonceReplayedLater_ThrowsStaleNotAccepted()
    {
        var cache = new ReplayCache(10, TimeSpan.FromMinutes(2), _time);
        var nonce = Nonce();
        var timestamp = Now;
        cache.Register(nonce, timestamp);
        _time.Advance(TimeSpan.FromMinutes(3));
        // The cache forgot the nonce, but the timestamp window still refuses the old message.
        Assert.Throws<HandshakeStaleException>(() => cache.Register(nonce, timestamp));
    }

    [Fact]
    public void Register_ManyNonces_MemoryStaysBounded()
    {
        var cache = new ReplayCache(1000, TimeSpan.FromSeconds(10), _time);
        for (var i = 0; i < 10_000; i++)
        {
            if (i % 500 == 0)
            {
                _time.Advance(TimeSpan.FromSeconds(11));
            }

            cache.Register(Nonce(), Now);
            Assert.True(cache.Count <= 1000);
        }
    }
}
