using System.Net;
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
            Assert.Contains("chain", body, StringComparison.Ordinal);
            Assert.True(hospital.IsRunning, hospital.ToString());
        }
        finally
        {
            await fixture.Center.StartAsync(ct);
        }

        var ready = await hospital.WaitForReadinessAsync(HttpStatusCode.OK, ct);
        Assert.DoesNotContain("Unhealthy", ready, StringComparison.Ordinal);

        // The chain kept its state: a record written after the restart is anchored on it.
        var recordId = await fixture.CreateRecordAtAAsync(6.4m, ct);
        Assert.StartsWith("0x", recordId, StringComparison.Ordinal);
    }
}
