using EmrShare.Core;
using EmrShare.Web.Api.Center;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Relay;

/// <summary>Per-patient relay quotas (review S5): per UTC minute and per UTC day, each pseudonym on its own, revocations never held back by grants, refused relays given back, bounded memory (LRU).</summary>
public sealed class RelayQuotasTests
{
    private static readonly ChainAddress Alice = ChainAddress.Parse("0x" + new string('a', 40));
    private static readonly ChainAddress Bob = ChainAddress.Parse("0x" + new string('b', 40));
    private static readonly ChainAddress Carol = ChainAddress.Parse("0x" + new string('c', 40));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 10, TimeSpan.Zero));

    [Fact]
    public void TryTake_PastPerMinute_RefusedUntilTheNextMinute_OtherPatientUnaffected()
    {
        var quotas = new RelayQuotas(_time, perMinute: 3, perDay: 100);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        }

        Assert.Equal(TimeSpan.FromSeconds(50), quotas.TryTake(Alice, RelayKind.Grant));
        Assert.Null(quotas.TryTake(Bob, RelayKind.Grant));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
    }

    [Fact]
    public void TryTake_PastPerDay_RefusedUntilTheNextUtcDay()
    {
        var quotas = new RelayQuotas(_time, perMinute: 100, perDay: 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        var wait = quotas.TryTake(Alice, RelayKind.Grant);
        Assert.NotNull(wait);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), _time.GetUtcNow() + wait.Value);

        _time.Advance(wait.Value);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
    }

    [Fact]
    public void TryTake_MorePatientsThanTracked_LeastRecentlyUsedForgotten_NewPatientAllowed()
    {
        var quotas = new RelayQuotas(_time, perMinute: 1, perDay: 5, maxPatients: 2);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        Assert.Null(quotas.TryTake(Bob, RelayKind.Grant));
        Assert.NotNull(quotas.TryTake(Alice, RelayKind.Grant)); // Alice is now the most recently used

        Assert.Null(quotas.TryTake(Carol, RelayKind.Grant));
        Assert.Equal(2, quotas.Tracked);
        Assert.NotNull(quotas.TryTake(Alice, RelayKind.Grant)); // still counted: Bob was the one forgotten
    }

    [Fact]
    public void TryTake_DayOfGrantsUsedUp_RevocationStillAllowed_OnlyPerMinuteLimited()
    {
        var quotas = new RelayQuotas(_time, perMinute: 2, perDay: 2);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        Assert.NotNull(quotas.TryTake(Alice, RelayKind.Grant));

        Assert.Null(quotas.TryTake(Alice, RelayKind.Revocation));
        Assert.Null(quotas.TryTake(Alice, RelayKind.Revocation));
        Assert.Equal(TimeSpan.FromSeconds(50), quotas.TryTake(Alice, RelayKind.Revocation));

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.Null(quotas.TryTake(Alice, RelayKind.Revocation));
            Assert.NotNull(quotas.TryTake(Alice, RelayKind.Grant));
        }
    }

    [Fact]
    public void GiveBack_RelayTheChainRefused_UnitReturned()
    {
        var quotas = new RelayQuotas(_time, perMinute: 1, perDay: 1);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        quotas.GiveBack(Alice, RelayKind.Grant);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Grant));
        Assert.NotNull(quotas.TryTake(Alice, RelayKind.Grant));

        Assert.Null(quotas.TryTake(Alice, RelayKind.Revocation));
        quotas.GiveBack(Alice, RelayKind.Revocation);
        Assert.Null(quotas.TryTake(Alice, RelayKind.Revocation));
        Assert.NotNull(quotas.TryTake(Alice, RelayKind.Revocation));
    }
}
