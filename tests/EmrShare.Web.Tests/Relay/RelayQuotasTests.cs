using EmrShare.Core;
using EmrShare.Web.Api.Center;
using Microsoft.Extensions.Time.Testing;

namespace EmrShare.Web.Tests.Relay;

/// <summary>Per-patient relay quotas (review S5): per UTC minute and per UTC day, each pseudonym on its own, bounded memory.</summary>
public sealed class RelayQuotasTests
{
    private static readonly ChainAddress Alice = ChainAddress.Parse("0x" + new string('a', 40));
    private static readonly ChainAddress Bob = ChainAddress.Parse("0x" + new string('b', 40));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 10, 0, 10, TimeSpan.Zero));

    [Fact]
    public void TryTake_PastPerMinute_RefusedUntilTheNextMinute_OtherPatientUnaffected()
    {
        var quotas = new RelayQuotas(_time, perMinute: 3, perDay: 100);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(quotas.TryTake(Alice));
        }

        Assert.Equal(TimeSpan.FromSeconds(50), quotas.TryTake(Alice));
        Assert.Null(quotas.TryTake(Bob));

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Null(quotas.TryTake(Alice));
    }

    [Fact]
    public void TryTake_PastPerDay_RefusedUntilTheNextUtcDay()
    {
        var quotas = new RelayQuotas(_time, perMinute: 100, perDay: 4);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(quotas.TryTake(Alice));
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        var wait = quotas.TryTake(Alice);
        Assert.NotNull(wait);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), _time.GetUtcNow() + wait.Value);

        _time.Advance(wait.Value);
        Assert.Null(quotas.TryTake(Alice));
    }

    [Fact]
    public void TryTake_MorePatientsThanTracked_NewOneRefusedUntilYesterdaysAreForgotten()
    {
        var quotas = new RelayQuotas(_time, perMinute: 5, perDay: 5, maxPatients: 1);
        Assert.Null(quotas.TryTake(Alice));

        Assert.NotNull(quotas.TryTake(Bob));

        _time.Advance(TimeSpan.FromDays(1));
        Assert.Null(quotas.TryTake(Bob));
    }
}
