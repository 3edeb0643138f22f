using System.Net;
using System.Text.Json;
using EmrShare.MultiHost.Tests.Harness;

namespace EmrShare.MultiHost.Tests;

/// <summary>
/// Issue 14 Tests: <c>/readyz</c> of a hospital process turns not-ready (503, naming the chain check) when the chain
/// process is stopped, and ready again when the chain is started again on the same address and data.
/// </summary>
[Collection(ConsortiumCollection.Name)]
public sealed class ChainReadinessTests(ConsortiumFixture fixture)
{
    [Fact]
    public async Task Readyz_ChainProcessStoppedThenRestarted_NotReadyThenReadyAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var hospital = fixture.HospitalA;
        await hospital.WaitForReadinessAsync(HttpStatusCode.OK, ct);

        await fixture.Center.StopAsync(ct);
        try
        {
            var body = await hospital.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable, ct);
            Assert.Equal("Unhealthy", CheckStatus(body, "chain"));
            Assert.Equal("Healthy", CheckStatus(body, "database"));
            Assert.True(hospital.IsRunning, hospital.ToString());
        }
        finally
        {
            await fixture.Center.StartAsync(ct);
        }

        var ready = await hospital.WaitForReadinessAsync(HttpStatusCode.OK, ct);
        Assert.All(new[] { "chain", "database", "store", "watcher" }, check => Assert.Equal("Healthy", CheckStatus(ready, check)));

        // The chain kept its state: a record written after the restart is anchored on it.
        var recordId = await fixture.CreateRecordAtAAsync(6.4m, ct);
        Assert.StartsWith("0x", recordId, StringComparison.Ordinal);
    }

    /// <summary>The status of one check in a <c>/readyz</c> body (<c>{"status":…,"checks":[{"name","status","description"}]}</c>).</summary>
    private static string? CheckStatus(string readyz, string name)
    {
        using var doc = JsonDocument.Parse(readyz);
        return doc.RootElement.GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name).GetProperty("status").GetString();
    }
}
