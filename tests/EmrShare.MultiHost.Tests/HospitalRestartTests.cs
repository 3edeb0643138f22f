using EmrShare.MultiHost.Tests.Harness;

namespace EmrShare.MultiHost.Tests;

/// <summary>Issue 14 Tests: a hospital process restarted mid-way keeps serving what it held before the restart.</summary>
[Collection(ConsortiumCollection.Name)]
public sealed class HospitalRestartTests(ConsortiumFixture fixture)
{
    [Fact]
    public async Task HospitalProcess_RestartedMidWay_PatientStillCollectsRecordCreatedBefore()
    {
        var ct = TestContext.Current.CancellationToken;
        var recordId = await fixture.CreateRecordAtAAsync(7.9m, ct);
        var before = fixture.HospitalA.ProcessId;

        await fixture.HospitalA.RestartAsync(ct);

        Assert.NotEqual(before, fixture.HospitalA.ProcessId);
        // The wallet collects over HTTPS from the new process what the old one anchored.
        var collected = (await fixture.PatientAsync("visit", "--hospital", fixture.HospitalA.BaseUrl.ToString(), "--address", fixture.AddressA, "--collect")).EnsureOk();
        Assert.Contains(collected.Fields("collected"), c => c == $"{recordId} v1");
        Assert.Contains((await fixture.HospitalAsync("hospital-A", "records")).EnsureOk().Fields("record"), r => r.StartsWith(recordId, StringComparison.Ordinal));
    }
}
